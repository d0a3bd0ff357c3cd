package io.copiste.cli;

import io.copiste.slony.ClusterName;
import io.copiste.slony.Conninfo;
import io.copiste.slony.Node;
import io.copiste.slony.SlonyCluster;
import io.copiste.slony.SlonyOptions;
import io.copiste.testkit.DebianPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** {@code copiste slony status} against a real one-node Slony cluster, in text and JSON, and with a bad login. */
@Timeout(120)
class SlonyStatusIT {
    @Test
    void statusReadsTheClusterFromTheNode() {
        assumeTrue(DebianPostgres.available(), "Debian's PostgreSQL 15 is not installed");
        try (DebianPostgres pg = DebianPostgres.start()) {
            pg.createDatabase("app");
            String conninfo = pg.conninfo("app");
            try (SlonyCluster slony = SlonyCluster.connect(ClusterName.of("Shop"),
                    List.of(Node.of(1, "the origin", Conninfo.parse(conninfo))), SlonyOptions.defaults())) {
                slony.initCluster(1);
                slony.createSet(1, 1, "orders");
            }

            StringWriter out = new StringWriter();
            assertThat(run(out, new StringWriter(), "slony", "status", "--cluster", "Shop", "--node", "1",
                    "--conninfo", conninfo)).isZero();
            assertThat(out.toString()).contains("cluster Shop as node 1 sees it (Slony-I 2.2")
                    .contains("  1    active   the origin").contains("origin 1, 0 tables, 0 sequences  orders");

            StringWriter json = new StringWriter();
            assertThat(run(json, new StringWriter(), "slony", "status", "--cluster", "Shop", "--node", "1",
                    "--conninfo", conninfo, "--json")).isZero();
            assertThat(json.toString()).contains("\"cluster\" : \"Shop\"").contains("\"comment\" : \"orders\"");

            StringWriter err = new StringWriter();
            assertThat(run(new StringWriter(), err, "slony", "status", "--cluster", "Shop", "--node", "1",
                    "--conninfo", conninfo + " user=" + DebianPostgres.SECURED_ROLE + " password=wrong")).isEqualTo(4);
            assertThat(err.toString()).contains("error: cannot log in to node 1").contains("hint: check the user");
        }
    }

    private static int run(StringWriter out, StringWriter err, String... args) {
        return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }
}
