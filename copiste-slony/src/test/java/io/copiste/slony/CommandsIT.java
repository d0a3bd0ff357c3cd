package io.copiste.slony;

import io.copiste.sql.TableName;
import io.copiste.testkit.Await;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The commands no other scenario runs against a real cluster, one or a few per test, on a two-node cluster (set 1 =
 * the pgbench tables and sequence, node 2 subscribed from node 1), in order: each proves its effect on every node.
 * Store and drop listen are left out: Slony 2.2 rebuilds {@code sl_listen} from the paths and subscriptions at every
 * path, node or subscription change, and two nodes have no listen of their own to add.
 */
@Timeout(600)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CommandsIT {
    private static final Duration WAIT = Duration.ofMinutes(3);
    private static final List<Integer> NODES = List.of(1, 2);
    /** The pgbench tables left in set 1 once pgbench_history has been moved out, then dropped. */
    private static final List<String> REPLICATED = List.of("public.pgbench_accounts", "public.pgbench_branches",
            "public.pgbench_tellers");
    private static final TableName HISTORY = TableName.of("public", "pgbench_history");
    private static final TableName HISTORY_SEQ = TableName.of("public", "pgbench_history_hid_seq");
    @RegisterExtension
    static final SlonyExtension SLONY = new SlonyExtension("cmds", 2);
    private static SlonyFixture fx;
    private static SlonyCluster slony;

    @BeforeAll
    static void cluster() {
        fx = SLONY.fx();
        slony = SLONY.slony();
        fx.build(slony);
    }

    @Test
    @Order(1)
    void aPathStoredAgainWithANewConninfoAndRetryReachesEveryNodeAndSlonUsesIt() {
        Conninfo changed = fx.nodes.get(1).admin().with("connect_timeout", "7");
        slony.waitFor(slony.storePath(2, 1, changed, 7), 0, WAIT);
        for (int node : NODES) {
            assertThat(slony.state(node).paths()).as("path 2 -> 1 on node %d has the new conninfo and retry", node)
                    .contains(new ClusterState.Path(2, 1, changed.text(), 7));
        }
        Await.until("node 1's slon to connect to node 2 with the new conninfo", WAIT,
                () -> slonLog(1).contains("version for \"" + changed.text() + "\""));
        slony.waitFor(slony.sync(2), 1, WAIT); // node 2's events still reach node 1 through that path
    }

    @Test
    @Order(2)
    void aDroppedPathLeavesEveryNodeWhicheverNodeDropsItAndCanBeStoredAgain() {
        for (int eventNode : NODES) {
            slony.waitFor(slony.dropPath(2, 1, eventNode), 0, WAIT);
            for (int node : NODES) {
                ClusterState state = slony.state(node);
                assertThat(state.paths()).as("paths on node %d after node %d dropped 2 -> 1", node, eventNode)
                        .extracting(p -> p.server() + " -> " + p.client()).containsExactly("1 -> 2");
                assertThat(state.listens()).as("listens on node %d: node 1 no longer listens to node 2", node)
                        .noneMatch(l -> l.receiver() == 1);
            }

            slony.waitFor(slony.storePath(2, 1), 0, WAIT);
            for (int node : NODES) {
                ClusterState state = slony.state(node);
                assertThat(state.paths()).as("path 2 -> 1 stored again, as node %d sees it", node)
                        .contains(new ClusterState.Path(2, 1, fx.nodes.get(1).admin().text(), 10));
                assertThat(state.listens()).as("node 1 listens to node 2 again, as node %d sees it", node)
                        .contains(new ClusterState.Listen(2, 2, 1));
            }
            slony.waitFor(slony.sync(2), 1, WAIT); // node 1 hears node 2's events again
        }
    }

    @Test
    @Order(3)
    void aTableAndASequenceMovedToSet2AreInSet2OnEveryNodeAndStillReplicate() throws Exception {
        slony.createSet(2, 1, "moved from set 1");
        slony.subscribeSet(2, 1, 2, true);
        int table = tableId(HISTORY);
        int sequence = sequenceId(HISTORY_SEQ);

        slony.setMoveTable(table, 2, 1);
        slony.waitFor(slony.setMoveSequence(sequence, 2, 1), 0, WAIT);

        for (int node : NODES) {
            ClusterState state = slony.state(node);
            assertThat(state.tablesOf(2)).as("set 2 on node %d holds the moved table", node)
                    .extracting(ClusterState.Table::name).containsExactly(HISTORY);
            assertThat(state.tablesOf(1)).as("set 1 on node %d keeps the other three tables", node).hasSize(3);
            assertThat(state.sequences()).as("the moved sequence is in set 2 on node %d", node)
                    .filteredOn(s -> s.name().equals(HISTORY_SEQ)).extracting(ClusterState.Sequence::set)
                    .containsExactly(2);
        }
        long before = fx.count(2, "SELECT count(*) FROM pgbench_history");
        fx.pgbench(1, 3);
        slony.waitFor(slony.sync(1), 0, WAIT);
        assertThat(fx.count(2, "SELECT count(*) FROM pgbench_history")).as("new history rows reach node 2")
                .isGreaterThan(before);
        fx.assertSameRows(1, List.of(2), SlonyFixture.PGBENCH_TABLES);
        assertThat(fx.count(2, "SELECT last_value FROM pgbench_history_hid_seq")).as("the moved sequence on node 2")
                .isEqualTo(fx.count(1, "SELECT last_value FROM pgbench_history_hid_seq"));
    }

    @Test
    @Order(4)
    void aDroppedTableAndSequenceLeaveEveryNodesCatalogAndAreNoLongerReplicated() throws Exception {
        int table = tableId(HISTORY);
        int sequence = sequenceId(HISTORY_SEQ);

        slony.setDropTable(table, 1);
        slony.waitFor(slony.setDropSequence(sequence, 1), 0, WAIT);

        for (int node : NODES) {
            ClusterState state = slony.state(node);
            assertThat(state.tables()).as("replicated tables on node %d after the drop", node)
                    .extracting(ClusterState.Table::name).doesNotContain(HISTORY).hasSize(3);
            assertThat(state.sequences()).as("replicated sequences on node %d after the drop", node).isEmpty();
        }
        fx.server(1).execute(SlonyFixture.DB, "INSERT INTO pgbench_history (tid, bid, aid, delta, mtime) "
                + "VALUES (1, 1, 1, 424242, now())");
        slony.waitFor(slony.sync(1), 0, WAIT);
        assertThat(fx.count(2, "SELECT count(*) FROM pgbench_history WHERE delta = 424242"))
                .as("a row written on node 1 after the drop stays there").isZero();
        fx.server(2).execute(SlonyFixture.DB, "INSERT INTO pgbench_history (tid, bid, aid, delta, mtime) "
                + "VALUES (1, 1, 1, 242424, now())");
        assertThat(fx.count(2, "SELECT count(*) FROM pgbench_history WHERE delta = 242424"))
                .as("node 2 may write its own copy: Slony's deny-access trigger is gone").isOne();
    }

    @Test
    @Order(5)
    void whileSet1IsLockedTheOriginRefusesWritesAndAfterTheUnlockTheyReplicate() throws Exception {
        assertThat(slony.lockSet(1, 1)).isEqualTo(Event.NONE);
        assertThat(slony.state(1).set(1).locked()).as("set 1 locked on its origin").isTrue();
        assertThat(slony.state(2).set(1).locked()).as("the lock is the origin's alone: node 2 sees set 1 unlocked")
                .isFalse();
        assertThatThrownBy(() -> fx.server(1).execute(SlonyFixture.DB,
                "UPDATE pgbench_branches SET filler = 'while locked' WHERE bid = 1"))
                .as("an update of a locked set's table on the origin").hasMessageContaining("is currently locked");
        assertThatThrownBy(() -> fx.server(2).execute(SlonyFixture.DB,
                "UPDATE pgbench_branches SET filler = 'on the replica' WHERE bid = 1"))
                .as("an update on the replica, refused as always").hasMessageContaining("Slony-I");

        assertThat(slony.unlockSet(1, 1)).isEqualTo(Event.NONE);
        assertThat(slony.state(1).set(1).locked()).as("set 1 unlocked on its origin").isFalse();
        fx.server(1).execute(SlonyFixture.DB, "UPDATE pgbench_branches SET filler = 'after the unlock' WHERE bid = 1");
        slony.waitFor(slony.sync(1), 0, WAIT);
        assertThat(fx.count(2, "SELECT count(*) FROM pgbench_branches WHERE filler = 'after the unlock'"))
                .as("the update made after the unlock reaches node 2").isOne();
        fx.assertSameRows(1, List.of(2), REPLICATED);
    }

    @Test
    @Order(6)
    void aScriptRunOnlyOnOneNodeChangesThatNodeAlone() {
        Event onTwo = slony.executeScriptOnlyOn("CREATE TABLE public.only_on_2 (id int PRIMARY KEY)", 2);
        Event onOne = slony.executeScriptOnlyOn("CREATE TABLE public.only_on_1 (id int PRIMARY KEY)", 1);
        slony.waitFor(onTwo, 0, WAIT);
        slony.waitFor(onOne, 0, WAIT); // node 2 has read past the script in node 1's replication stream

        TableName onlyOn1 = TableName.of("public", "only_on_1");
        TableName onlyOn2 = TableName.of("public", "only_on_2");
        assertThat(slony.catalog(1).hasTable(onlyOn1)).as("node 1 ran the script meant for node 1").isTrue();
        assertThat(slony.catalog(1).hasTable(onlyOn2)).as("node 1 did not run the script meant for node 2").isFalse();
        assertThat(slony.catalog(2).hasTable(onlyOn2)).as("node 2 ran the script meant for node 2").isTrue();
        assertThat(slony.catalog(2).hasTable(onlyOn1)).as("node 2 skipped the script meant for node 1").isFalse();
    }

    @Test
    @Order(7)
    void afterRestartNodeAndUpdateFunctionsEveryNodeStillReplicates() throws Exception {
        for (int node : NODES) {
            long before = listenerConnection(node);
            assertThat(slony.restartNode(node)).isEqualTo(Event.NONE);
            awaitSlonRestart(node, before);
        }
        for (int node : NODES) {
            long loaded = functionsLoadedBy(node);
            long before = listenerConnection(node);
            assertThat(slony.updateFunctions(node)).isEqualTo(Event.NONE);
            assertThat(functionsLoadedBy(node)).as("Slony's functions on node %d were loaded again", node)
                    .isNotEqualTo(loaded);
            assertThat(slony.state(node).slonyVersion()).as("Slony version on node %d", node).isEqualTo("2.2.11");
            awaitSlonRestart(node, before);
        }
        fx.pgbench(1, 3);
        slony.waitFor(slony.sync(1), 0, WAIT);
        fx.assertSameRows(1, List.of(2), REPLICATED);
    }

    @Test
    @Order(8)
    void repairConfigRereadsTheOidsOfTheSetsTablesOnEachNode() throws Exception {
        for (int node : NODES) {
            // what a dump and restore does to Slony's catalog: the OIDs it keeps point to nothing
            fx.server(node).execute(SlonyFixture.DB,
                    "UPDATE \"_cmds\".sl_table SET tab_reloid = (tab_reloid::bigint + 1000000)::oid");
            assertThat(staleOids(node)).as("stale table OIDs on node %d before the repair", node).isEqualTo(3);
        }
        for (int node : NODES) { // Slony 2.2 makes no event for repair config: each node repairs its own catalog
            assertThat(slony.repairConfig(1, node)).isEqualTo(Event.NONE);
            assertThat(staleOids(node)).as("stale table OIDs on node %d after the repair", node).isZero();
        }
        fx.pgbench(1, 3);
        slony.waitFor(slony.sync(1), 0, WAIT);
        fx.assertSameRows(1, List.of(2), REPLICATED);
    }

    @Test
    @Order(9)
    void aDroppedNodeLeavesTheClusterAndUninstallingItRemovesTheSchemaFromItsDatabase() throws Exception {
        // node 2's slon, if it ran, would remove the schema itself on DROP_NODE: stopped, uninstallNode does it
        fx.stopSlon(2);
        slony.dropNode(2, 1);
        ClusterState state = slony.state(1);
        assertThat(state.nodes()).as("members of the cluster on node 1").extracting(ClusterState.Member::id)
                .containsExactly(1);
        assertThat(state.paths()).as("paths on node 1").isEmpty();
        assertThat(state.listens()).as("listens on node 1").isEmpty();
        assertThat(state.subscriptions()).as("subscriptions on node 1").isEmpty();
        assertThat(slony.installedAs(2)).as("node 2's database keeps the schema until it is uninstalled").isEqualTo(2);
        assertThat(slonyTriggers(2)).as("Slony triggers on node 2's tables before the uninstall").isPositive();

        assertThat(slony.uninstallNode(2)).isEqualTo(Event.NONE);
        assertThat(slony.installedAs(2)).as("node 2's database has no cluster schema").isZero();
        assertThat(slonyTriggers(2)).as("Slony triggers left on node 2's tables").isZero();
        fx.server(2).execute(SlonyFixture.DB, "UPDATE pgbench_branches SET filler = 'standalone' WHERE bid = 1");
        assertThat(slony.uninstallNode(2)).as("uninstalling a node whose schema is gone (as its own slon leaves it)")
                .isEqualTo(Event.NONE);

        assertThat(slony.installedAs(1)).as("node 1 is still node 1 of the cluster").isOne();
        fx.pgbench(1, 1);
        assertThat(fx.count(1, "SELECT count(*) FROM pgbench_branches WHERE filler = 'standalone'"))
                .as("node 1 keeps its own data").isZero();
    }

    private static int tableId(TableName name) {
        return slony.state(1).tables().stream().filter(t -> t.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(name + " is not replicated")).id();
    }

    private static int sequenceId(TableName name) {
        return slony.state(1).sequences().stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(name + " is not replicated")).id();
    }

    /** The backend of slon's local listener: a new one once slon has restarted. 0 while slon registers. */
    private static long listenerConnection(int node) throws SQLException {
        return fx.count(node, "SELECT coalesce(max(co_connection_pid), 0) FROM \"_cmds\".sl_components "
                + "WHERE co_actor = 'local_listen'");
    }

    private static void awaitSlonRestart(int node, long before) {
        Await.until("node " + node + "'s slon to reconnect after the restart", Duration.ofMinutes(1), () -> {
            try {
                long now = listenerConnection(node);
                return now != 0 && now != before;
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** The transaction that last wrote Slony's slonyVersion() function into the node's catalog. */
    private static long functionsLoadedBy(int node) throws SQLException {
        return fx.count(node, "SELECT xmin::text::bigint FROM pg_proc WHERE oid = '\"_cmds\".slonyversion()'"
                + "::regprocedure");
    }

    private static String slonLog(int node) {
        try {
            return fx.slonLog(node);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static long slonyTriggers(int node) throws SQLException {
        return fx.count(node, "SELECT count(*) FROM pg_trigger WHERE tgname LIKE '\\_cmds\\_%'");
    }

    private static long staleOids(int node) throws SQLException {
        return fx.count(node, "SELECT count(*) FROM \"_cmds\".sl_table WHERE tab_reloid IS DISTINCT FROM (SELECT c.oid"
                + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relname = tab_relname"
                + " AND n.nspname = tab_nspname)");
    }
}
