package io.copiste.cli;

import io.copiste.testkit.DebianPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code copiste slony plan/apply} against a real one-node cluster (no slon needed): plan, apply, plan again with
 * nothing to do, a refused change, and a topology file with mistakes. Multi-node plans and applies are covered in
 * copiste-slony's TopologyIT.
 */
@Timeout(120)
class SlonyTopologyIT {
    @Test
    void planApplyAndPlanAgainThroughTheCommandLine(@TempDir Path dir) throws Exception {
        assumeTrue(DebianPostgres.available(), "Debian's PostgreSQL 15 is not installed");
        try (DebianPostgres pg = DebianPostgres.start()) {
            pg.createDatabase("app");
            pg.pgbench("app", "-i", "-q", "-s", "1", "-I", "dtp");
            Path topology = dir.resolve("topology.yaml");
            Files.writeString(topology, "cluster: cli\nnodes:\n  - {id: 1, conninfo: '" + pg.conninfo("app") + "'}\n"
                    + "sets:\n  - {id: 1, origin: 1, tables: [{pattern: '^public[.]pgbench_(accounts|branches)'}]}\n");

            Cli plan = Cli.run("slony", "plan", topology.toString(), "--exit-code");
            assertThat(plan.exit()).as(plan.toString()).isEqualTo(6);
            assertThat(plan.out()).contains("plan for cluster cli (no node has it yet): 2 steps")
                    .contains("  1. init cluster cli on node 1").contains("  2. create set 1 on node 1 with 2 tables")
                    .contains("init cluster (id = 1, comment = 'Node 1');").contains("run 'copiste slony apply");

            Cli apply = Cli.run("slony", "apply", topology.toString());
            assertThat(apply.exit()).as(apply.toString()).isZero();
            assertThat(apply.out()).contains("[1/2] init cluster cli on node 1").contains("[2/2] done (")
                    .contains("cluster cli is as " + topology + " says (2 steps");

            Cli again = Cli.run("slony", "plan", topology.toString(), "--exit-code");
            assertThat(again.exit()).as(again.toString()).isZero();
            assertThat(again.out()).contains("(as node 1 sees it): nothing to do");
            assertThat(Cli.run("slony", "apply", topology.toString()).out()).contains("is already as");
            Cli status = Cli.run("slony", "status", "--topology", topology.toString());
            assertThat(status.exit()).as(status.toString()).isZero();
            assertThat(status.out()).contains("cluster cli as node 1 sees it").contains("origin 1, 2 tables");
            assertThat(Cli.run("slony", "status", "--node", "1").exit()).isEqualTo(2);

            Files.writeString(topology, Files.readString(topology).replace("{pattern:", "public.missing, {pattern:"));
            Cli refused = Cli.run("slony", "apply", topology.toString());
            assertThat(refused.exit()).as(refused.toString()).isEqualTo(5);
            assertThat(refused.err()).contains("error: cluster cli: set 1: table public.missing does not exist on "
                    + "node 1, its origin; nothing was applied").contains("hint: create it there");
        }
    }

    @Test
    void aTopologyWithMistakesIsRefusedWithEveryProblemAndItsLine(@TempDir Path dir) throws Exception {
        Path topology = dir.resolve("bad.yaml");
        Files.writeString(topology, "cluster: cli\nnodes:\n  - {id: 1, conninfo: 'host=db1 password=clear'}\n"
                + "sets:\n  - {id: 1, origin: 2, tabels: [a]}\n");
        Cli plan = Cli.run("slony", "plan", topology.toString());
        assertThat(plan.exit()).as(plan.toString()).isEqualTo(3);
        assertThat(plan.err()).contains("error: " + topology + ":3:").contains("password is written in clear text")
                .contains(topology + ":5:").contains("set 1: origin: node 2 is not declared")
                .contains("unknown key 'tabels' in set").contains("did you mean 'tables'?");
    }
}
