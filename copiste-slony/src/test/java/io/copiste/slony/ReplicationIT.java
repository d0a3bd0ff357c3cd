package io.copiste.slony;

import io.copiste.testkit.Await;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Scenarios 1, 2, 3 and 5 of issue 7 on one three-node cluster, in order: build it through the API with a cascade,
 * add a table to the subscribed set, execute a script under load, switch over and back. Each ends with every
 * replicated table equal, row by row, on every node.
 */
@Timeout(600)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplicationIT {
    private static final Duration WAIT = Duration.ofMinutes(3);
    @RegisterExtension
    static final SlonyExtension SLONY = new SlonyExtension("Shop", 3);
    private static SlonyFixture fx;
    private static SlonyCluster slony;

    @BeforeAll
    static void cluster() {
        fx = SLONY.fx();
        slony = SLONY.slony();
    }

    @Test
    @Order(1)
    void threeNodesBuiltWithLoopsReplicateInCascade() throws Exception {
        // SlonyFixture.build: init + store nodes, a loop over all node pairs for paths, set 1 = pgbench tables and
        // sequences by pattern, node 2 subscribes from node 1 and node 3 from node 2
        fx.build(slony);

        fx.pgbench(1, 5);
        Event sync = slony.sync(1);
        slony.waitFor(sync, 0, WAIT);

        ClusterState state = slony.state(3);
        assertThat(state.tablesOf(1)).hasSize(4);
        assertThat(state.subscriptions()).extracting(ClusterState.Subscription::provider).containsExactly(1, 2);
        assertThat(fx.count(1, "SELECT count(*) FROM pgbench_history")).isPositive();
        fx.assertSameRows(1, List.of(2, 3), SlonyFixture.PGBENCH_TABLES);
        assertThat(fx.count(3, "SELECT last_value FROM pgbench_history_hid_seq"))
                .isEqualTo(fx.count(1, "SELECT last_value FROM pgbench_history_hid_seq"));
    }

    @Test
    @Order(2)
    void aTableJoinsTheSubscribedSetThroughANewSetAndAMerge() throws Exception {
        Event created = slony.executeScript("CREATE TABLE public.orders (id bigserial PRIMARY KEY, "
                + "item text NOT NULL, qty int NOT NULL DEFAULT 1)", 1);
        slony.waitFor(created, 0, WAIT);
        fx.server(1).execute(SlonyFixture.DB, "INSERT INTO orders (item, qty) SELECT 'item ' || g, g FROM "
                + "generate_series(1, 500) g");

        assertThatThrownBy(() -> slony.setAddTable(1, 1, TableRef.of("public.orders")))
                .isInstanceOf(SlonyException.class)
                .hasMessageContaining("cannot add a table to subscribed set 1")
                .hasMessageContaining("create a new set, subscribe it the same way, then merge it");

        slony.createSet(2, 1, "orders");
        slony.setAddTables(2, 1, List.of(TableRef.of("public.orders")));
        slony.setAddSequence(2, 1, SequenceRef.of("public.orders_id_seq"));
        slony.subscribeSet(2, 1, 2, true);
        slony.subscribeSet(2, 2, 3, true);
        Event merged = slony.mergeSet(1, 2, 1);
        slony.waitFor(merged, 0, WAIT);

        fx.server(1).execute(SlonyFixture.DB, "INSERT INTO orders (item) VALUES ('after the merge')");
        fx.pgbench(1, 3);
        slony.waitFor(slony.sync(1), 0, WAIT);

        for (int node = 1; node <= 3; node++) {
            ClusterState state = slony.state(node);
            assertThat(state.sets()).as("sets on node %d", node).extracting(ClusterState.ReplicationSet::id)
                    .containsExactly(1);
            assertThat(state.tablesOf(1)).as("tables of set 1 on node %d", node).hasSize(5);
        }
        fx.assertSameRows(1, List.of(2, 3), TABLES);
    }

    @Test
    @Order(3)
    void aScriptAddsAColumnOnEveryNodeWhileWritesGoOn() throws Exception {
        long before = fx.count(1, "SELECT count(*) FROM pgbench_history");
        Thread load = new Thread(() -> fx.pgbench(1, 6));
        load.start();
        Await.until("pgbench to write", Duration.ofSeconds(30),
                () -> quietly(() -> fx.count(1, "SELECT count(*) FROM pgbench_history")) > before);

        Event script = slony.executeScript("ALTER TABLE public.pgbench_history ADD COLUMN note text "
                + "NOT NULL DEFAULT 'added by script'; CREATE INDEX history_note ON public.pgbench_history (note)", 1);
        load.join();
        slony.waitFor(script, 0, WAIT);
        slony.waitFor(slony.sync(1), 0, WAIT);

        for (int node = 1; node <= 3; node++) {
            assertThat(fx.count(node, "SELECT count(*) FROM information_schema.columns WHERE table_name = "
                    + "'pgbench_history' AND column_name = 'note'")).as("column note on node %d", node).isOne();
        }
        assertThat(fx.count(1, "SELECT count(*) FROM pgbench_history")).isGreaterThan(before);
        fx.assertSameRows(1, List.of(2, 3), TABLES);
    }

    @Test
    @Order(4)
    void switchoverMovesTheOriginToNode2AndBack() throws Exception {
        slony.lockSet(1, 1);
        Event moved = slony.moveSet(1, 1, 2);
        slony.waitFor(moved, 0, WAIT);
        for (int node = 1; node <= 3; node++) {
            assertThat(slony.state(node).set(1).origin()).as("origin of set 1 on node %d", node).isEqualTo(2);
        }
        assertThatThrownBy(() -> fx.server(1).execute(SlonyFixture.DB, "INSERT INTO orders (item) VALUES ('x')"))
                .as("node 1 is a replica now").hasMessageContaining("Slony-I");

        fx.pgbench(2, 3);
        fx.server(2).execute(SlonyFixture.DB, "INSERT INTO orders (item) VALUES ('written on node 2')");
        slony.waitFor(slony.sync(2), 0, WAIT);
        fx.assertSameRows(2, List.of(1, 3), TABLES);
        assertThat(fx.count(3, "SELECT count(*) FROM orders WHERE item = 'written on node 2'")).isOne();

        slony.lockSet(1, 2);
        slony.waitFor(slony.moveSet(1, 2, 1), 0, WAIT);
        fx.pgbench(1, 2);
        slony.waitFor(slony.sync(1), 0, WAIT);
        assertThat(slony.state(3).set(1).origin()).isEqualTo(1);
        fx.assertSameRows(1, List.of(2, 3), TABLES);
    }

    private static final List<String> TABLES = List.of("public.pgbench_accounts", "public.pgbench_branches",
            "public.pgbench_history", "public.pgbench_tellers", "public.orders");

    interface SqlCall {
        long call() throws Exception;
    }

    private static long quietly(SqlCall call) {
        try {
            return call.call();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
