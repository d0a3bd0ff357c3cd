package io.copiste.slony;

import io.copiste.testkit.DebianPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scenario 7 of issue 7: the same code builds one cluster through the API (database {@code app} of each server)
 * and, as a dry run, renders a slonik script that the real {@code slonik} runs against a second database
 * ({@code viaslonik}) of the same servers. Both clusters end with the same catalog contents on every node, and both
 * replicate.
 */
@Timeout(420)
class SlonikCrossCheckIT {
    private static final String OTHER = "viaslonik";
    @RegisterExtension
    static final SlonyExtension SLONY = new SlonyExtension("Cross_Check", 3);
    private static SlonyFixture fx;
    private static final List<Slon> slons = new ArrayList<>();

    @BeforeAll
    static void servers() {
        fx = SLONY.fx();
        for (int id = 1; id <= 3; id++) {
            DebianPostgres pg = fx.server(id);
            pg.createDatabase(OTHER);
            pg.pgbench(OTHER, "-i", "-q", "-s", "1", "-I", id == 1 ? "dtgp" : "dtp");
            pg.execute(OTHER, "ALTER TABLE pgbench_history ADD COLUMN hid bigserial PRIMARY KEY");
        }
    }

    @AfterAll
    static void stop() {
        slons.forEach(Slon::stop);
    }

    @Test
    void theApiAndTheRenderedSlonikScriptBuildTheSameCluster() throws Exception {
        fx.build(SLONY.slony());

        List<Node> others = new ArrayList<>();
        for (Node n : fx.nodes) {
            others.add(Node.of(n.id(), n.comment(), n.admin().with("dbname", OTHER)));
        }
        SlonyCluster nodesOnly = SlonyCluster.dryRun(fx.cluster, others);
        SlonyFixture.storeNodes(nodesOnly, others);
        SlonyCluster rest = SlonyCluster.dryRun(fx.cluster, others);
        SlonyFixture.replicatePgbench(rest, others);
        assertThat(rest.script()).contains("subscribe set (id = 1, provider = 2, receiver = 3, forward = yes);");

        slonik(nodesOnly.script());
        for (Node n : others) {
            slons.add(Slon.start(Slon.Settings.of(fx.cluster, n.admin(), Path.of("target", "slon-slonik-" + n.id()
                    + ".log"))));
        }
        slonik(rest.script());

        for (int node = 1; node <= 3; node++) {
            assertThat(catalog(node, OTHER)).as("catalog of node %d built by slonik vs by the API", node)
                    .isEqualTo(catalog(node, SlonyFixture.DB));
        }
        for (String table : SlonyFixture.PGBENCH_TABLES) {
            assertThat(fx.rows(3, table)).as(table + " replicated by the API-built cluster")
                    .isEqualTo(fx.rows(1, table));
        }
        assertThat(count(3, OTHER, "SELECT count(*) FROM pgbench_accounts")).as("copied by the slonik-built cluster")
                .isEqualTo(100_000);
    }

    private static void slonik(String script) throws Exception {
        Process p = new ProcessBuilder("slonik").redirectErrorStream(true).start();
        p.getOutputStream().write(script.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("slonik finished").isTrue();
        assertThat(p.exitValue()).as("slonik's exit code; output:\n%s\nscript:\n%s", output, script).isZero();
    }

    /** Slony's catalog of one node, with the parts that differ by database (OIDs, dbname) left out. */
    private static List<String> catalog(int node, String database) throws Exception {
        String schema = fx.cluster.schema();
        List<String> rows = new ArrayList<>();
        for (String query : List.of(
                "SELECT no_id, no_active, no_comment, no_failed FROM " + schema + ".sl_node ORDER BY 1",
                "SELECT pa_server, pa_client, replace(pa_conninfo, 'dbname=" + OTHER + "', 'dbname=app'), pa_connretry"
                        + " FROM " + schema + ".sl_path ORDER BY 1, 2",
                "SELECT li_origin, li_provider, li_receiver FROM " + schema + ".sl_listen ORDER BY 1, 2, 3",
                "SELECT set_id, set_origin, set_locked, set_comment FROM " + schema + ".sl_set ORDER BY 1",
                "SELECT tab_id, tab_nspname, tab_relname, tab_set, tab_idxname, tab_altered, tab_comment FROM "
                        + schema + ".sl_table ORDER BY 1",
                "SELECT seq_id, seq_nspname, seq_relname, seq_set, seq_comment FROM " + schema
                        + ".sl_sequence ORDER BY 1",
                "SELECT sub_set, sub_provider, sub_receiver, sub_forward, sub_active FROM " + schema
                        + ".sl_subscribe ORDER BY 1, 3")) {
            try (Connection c = fx.server(node).connect(database); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery(query)) {
                while (rs.next()) {
                    StringBuilder row = new StringBuilder(query.substring(query.indexOf(".sl_") + 1).split(" ")[0]);
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                        row.append('|').append(rs.getString(i));
                    }
                    rows.add(row.toString());
                }
            }
        }
        return rows;
    }

    private static long count(int node, String database, String sql) throws Exception {
        try (Connection c = fx.server(node).connect(database); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
