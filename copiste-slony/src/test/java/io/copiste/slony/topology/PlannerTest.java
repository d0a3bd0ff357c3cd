package io.copiste.slony.topology;

import io.copiste.slony.Catalog;
import io.copiste.slony.ClusterName;
import io.copiste.slony.ClusterState;
import io.copiste.slony.Conninfo;
import io.copiste.sql.TableName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The planner against live states made by hand: every case of issue 8, no server. */
class PlannerTest {
    private static final List<String> TABLES = List.of("public.a", "public.b");

    @Test
    void aFreshClusterIsInitialisedStoredLinkedCreatedAndSubscribedProvidersFirst() {
        TopologyPlan plan = plan(topology("{receiver: 3, provider: 2}, {receiver: 2}"), fresh(), false);
        assertThat(descriptions(plan)).containsExactly(
                "init cluster shop on node 1 (db1:5432/shop)",
                "store node 2 (db2:5432/shop), announced by node 1",
                "store node 3 (db3:5432/shop), announced by node 1",
                "store 6 paths",
                "wait until every node has confirmed the node and path changes",
                "create set 1 on node 1 with 2 tables, 1 sequence",
                "subscribe node 2 to set 1 from node 1 (copies the set's data)",
                "subscribe node 3 to set 1 from node 2 (copies the set's data)");
        assertThat(plan.script()).contains("wait for event (origin = 1, confirmed = all, wait on = 1, timeout = 0);")
                .contains("set add table (set id = 1, origin = 1, full qualified name = 'public.a'");
    }

    @Test
    void aClusterThatIsWhatTheFileSaysNeedsNothing() {
        TopologyPlan plan = plan(topology("{receiver: 2}, {receiver: 3, provider: 2}"), cluster().build(), false);
        assertThat(plan.upToDate()).as(plan.describe()).isTrue();
    }

    @Test
    void aNewTableOfASubscribedSetGoesThroughATemporarySetSubscribedTheSameWayThenMerged() {
        Cluster live = cluster();
        live.catalog.add("public.c");
        TopologyPlan plan = plan(topology("{receiver: 2}, {receiver: 3, provider: 2}"), live.build(), false);
        assertThat(descriptions(plan)).containsExactly(
                "create temporary set 2 on node 1 with 1 table, 0 sequences for set 1 (Slony cannot add tables to a "
                        + "subscribed set)",
                "subscribe node 2 to set 2 from node 1 (copies the set's data)",
                "subscribe node 3 to set 2 from node 2 (copies the set's data)",
                "merge temporary set 2 into set 1");
        assertThat(plan.script()).contains("create set (id = 2, origin = 1, comment = 'copiste: tables joining set 1');")
                .contains("merge set (id = 1, add id = 2, origin = 1);");
    }

    @Test
    void aTableMissingOnASubscriberIsRefused() {
        Cluster live = cluster();
        live.catalog.add("public.c");
        live.missingOn3 = true;
        TopologyPlan plan = plan(topology("{receiver: 2}, {receiver: 3, provider: 2}"), live.build(), false);
        assertThat(plan.refusals()).extracting(TopologyPlan.Refusal::message)
                .containsExactly("set 1: node 3 subscribes to it but has no [public.c]");
    }

    @Test
    void anInterruptedApplyLeavesATemporarySetThatIsSubscribedLikeItsSetAndMerged() {
        Cluster live = cluster();
        live.sets.add(new ClusterState.ReplicationSet(2, 1, Draft.TEMPORARY + 1, false));
        live.catalog.add("public.c");
        live.tables.add(new ClusterState.Table(9, TableName.parse("public.c"), 2, "c_pkey", "c"));
        live.subscriptions.add(new ClusterState.Subscription(2, 1, 2, true, true));
        TopologyPlan plan = plan(topology("{receiver: 2}, {receiver: 3, provider: 2}"), live.build(), false);
        assertThat(descriptions(plan)).containsExactly(
                "subscribe node 3 to temporary set 2 from node 2 (left by an interrupted apply)",
                "merge temporary set 2 into set 1");
    }

    @Test
    void aTableNoLongerSelectedIsRemovedAfterASync() {
        Cluster live = cluster();
        live.tables.add(new ClusterState.Table(9, TableName.parse("public.old"), 1, "old_pkey", "old"));
        TopologyPlan plan = plan(topology("{receiver: 2}, {receiver: 3, provider: 2}"), live.build(), false);
        assertThat(descriptions(plan)).containsExactly(
                "remove table public.old from set 1 (it stays, unreplicated, on every node)",
                "wait until every node has confirmed the changes to set 1");
        assertThat(plan.script()).contains("sync (id = 1);\nset drop table (origin = 1, id = 9);");
    }

    @Test
    void aChangedProviderIsAResubscribe() {
        TopologyPlan plan = plan(topology("{receiver: 2}, {receiver: 3}"), cluster().build(), false);
        assertThat(descriptions(plan)).containsExactly(
                "make node 3 take the sets of origin 1 from node 1 instead of node 2 (resubscribe)");
        assertThat(plan.script()).contains("resubscribe node (origin = 1, provider = 1, receiver = 3);");
    }

    @Test
    void aNodeLeftOutIsDroppedAfterItsReceiversMoved() {
        TopologyPlan plan = plan(topology(List.of(1, 2), "{receiver: 2}"), cluster().build(), false);
        assertThat(descriptions(plan)).containsExactly(
                "drop node 3 (no longer in the topology; its slon removes the _shop schema from its database when it "
                        + "learns of it)");
    }

    @Test
    void aNodeLeftOutThatIsStillAnOriginIsRefused() {
        Cluster live = cluster();
        live.sets.add(new ClusterState.ReplicationSet(5, 3, "elsewhere", false));
        TopologyPlan plan = plan(topology(List.of(1, 2), "{receiver: 2}"), live.build(), false);
        assertThat(plan.refusals()).extracting(TopologyPlan.Refusal::message)
                .containsExactly("node 3 is not in the topology but is the origin of set [5]");
    }

    @Test
    void aNewNodeIsStoredLinkedAndSubscribedAndALeftoverSchemaIsUninstalledFirst() {
        Cluster live = cluster();
        live.withoutNode3();
        Live leftover = live.build(3);
        TopologyPlan plan = plan(topology("{receiver: 2}, {receiver: 3, provider: 2}"), leftover, false);
        assertThat(descriptions(plan)).containsExactly(
                "uninstall the schema node 3 keeps from an earlier membership (db3:5432/shop)",
                "store node 3 (db3:5432/shop), announced by node 1",
                "store 4 paths",
                "wait until every node has confirmed the node and path changes",
                "subscribe node 3 to set 1 from node 2 (copies the set's data)");
    }

    @Test
    void movingTheOriginIsRefusedWithoutTheFlagAndASwitchoverWithIt() {
        String subs = "{receiver: 1}, {receiver: 3, provider: 2}";
        TopologyPlan refused = plan(topology(List.of(1, 2, 3), 2, subs), cluster().build(), false);
        assertThat(refused.steps()).isEmpty();
        assertThat(refused.refusals()).singleElement().satisfies(r -> assertThat(r.hint())
                .startsWith("run apply --switchover to lock set 1 on node 1 and move it to node 2"));

        TopologyPlan moved = plan(topology(List.of(1, 2, 3), 2, subs), cluster().build(), true);
        assertThat(descriptions(moved)).containsExactly(
                "switch set 1 over from node 1 to node 2 (writes to its tables go to node 2 from now on)");
        assertThat(moved.deferred()).isTrue();
        assertThat(moved.script()).contains("lock set (id = 1, origin = 1);\nmove set (id = 1, old origin = 1, "
                + "new origin = 2);");
    }

    @Test
    void aDatabaseThatIsAnotherNodeIsNeverTouched() {
        Live live = cluster().build();
        Map<Integer, Integer> installed = new LinkedHashMap<>(live.installedAs());
        installed.put(3, 2);
        TopologyPlan plan = plan(topology("{receiver: 2}, {receiver: 3, provider: 2}"),
                new Live(installed, live.states(), live.catalogs(), 1), false);
        assertThat(plan.steps()).isEmpty();
        assertThat(plan.refusals()).extracting(TopologyPlan.Refusal::message)
                .containsExactly("node 3 (db3:5432/shop) is node 2 of cluster shop");
    }

    @Test
    void tablesWithoutAPrimaryKeyAreLeftOutOfPatternsAndRefusedByName() {
        Cluster live = cluster();
        live.keyless.add("public.nokey");
        TopologyPlan plan = plan(topology("{receiver: 2}, {receiver: 3, provider: 2}"), live.build(), false);
        assertThat(plan.upToDate()).isTrue();
        assertThat(plan.notes()).containsExactly("set 1: public.nokey matches pattern '^public[.]' but has no primary"
                + " key: left out (name it with 'key: <unique index>' to replicate it)");

        Topology named = Topology.parse(yaml(List.of(1, 2, 3), 1, "{receiver: 2}").replace("[{pattern: '^public[.]'}]",
                "[public.a, public.b, public.nokey]"), "t.yaml");
        assertThat(plan(named, live.build(), false).refusals()).extracting(TopologyPlan.Refusal::message)
                .contains("set 1: table public.nokey has no primary key: Slony needs one to identify rows");
    }

    private static List<String> descriptions(TopologyPlan plan) {
        return plan.steps().stream().map(TopologyPlan.Step::description).toList();
    }

    private static TopologyPlan plan(Topology topology, Live live, boolean switchover) {
        return new Planner(topology, live, switchover).plan();
    }

    private static Topology topology(String subscriptions) {
        return topology(List.of(1, 2, 3), 1, subscriptions);
    }

    private static Topology topology(List<Integer> nodes, String subscriptions) {
        return topology(nodes, 1, subscriptions);
    }

    private static Topology topology(List<Integer> nodes, int origin, String subscriptions) {
        return Topology.parse(yaml(nodes, origin, subscriptions), "topology.yaml");
    }

    private static String yaml(List<Integer> nodes, int origin, String subscriptions) {
        StringBuilder y = new StringBuilder("cluster: shop\nnodes:\n");
        nodes.forEach(id -> y.append("  - {id: ").append(id).append(", conninfo: host=db").append(id)
                .append(" dbname=shop}\n"));
        return y.append("sets:\n  - id: 1\n    origin: ").append(origin).append("\n    tables: [{pattern: "
                + "'^public[.]'}]\n    sequences: [{schema: public}]\n    subscriptions: [").append(subscriptions)
                .append("]\n").toString();
    }

    private static Live fresh() {
        Map<Integer, Integer> installed = new LinkedHashMap<>();
        Map<Integer, Catalog> catalogs = new LinkedHashMap<>();
        for (int id = 1; id <= 3; id++) {
            installed.put(id, 0);
            catalogs.put(id, catalog(TABLES, List.of()));
        }
        return new Live(installed, Map.of(), catalogs, 0);
    }

    private static Catalog catalog(List<String> tables, List<String> keyless) {
        List<Catalog.Table> t = new ArrayList<>();
        tables.forEach(n -> t.add(new Catalog.Table(TableName.parse(n), true)));
        keyless.forEach(n -> t.add(new Catalog.Table(TableName.parse(n), false)));
        return new Catalog(t, List.of(TableName.parse("public.a_id_seq")));
    }

    private static Cluster cluster() {
        return new Cluster();
    }

    /** A three-node cluster as every node sees it: set 1 (public.a, public.b, a_id_seq), 2 from 1, 3 from 2. */
    private static final class Cluster {
        final List<String> catalog = new ArrayList<>(TABLES);
        final List<String> keyless = new ArrayList<>();
        final List<ClusterState.Member> members = new ArrayList<>();
        final List<ClusterState.Path> paths = new ArrayList<>();
        final List<ClusterState.ReplicationSet> sets = new ArrayList<>(List.of(
                new ClusterState.ReplicationSet(1, 1, "Set 1", false)));
        final List<ClusterState.Table> tables = new ArrayList<>(List.of(
                new ClusterState.Table(1, TableName.parse("public.a"), 1, "a_pkey", "a"),
                new ClusterState.Table(2, TableName.parse("public.b"), 1, "b_pkey", "b")));
        final List<ClusterState.Subscription> subscriptions = new ArrayList<>(List.of(
                new ClusterState.Subscription(1, 1, 2, true, true),
                new ClusterState.Subscription(1, 2, 3, true, true)));
        boolean missingOn3;

        Cluster() {
            for (int id = 1; id <= 3; id++) {
                members.add(new ClusterState.Member(id, true, "Node " + id, false));
                for (int client = 1; client <= 3; client++) {
                    if (client != id) {
                        paths.add(new ClusterState.Path(id, client, Conninfo.parse("host=db" + id + " dbname=shop")
                                .text(), 10));
                    }
                }
            }
        }

        void withoutNode3() {
            members.removeIf(m -> m.id() == 3);
            paths.removeIf(p -> p.server() == 3 || p.client() == 3);
            subscriptions.removeIf(s -> s.receiver() == 3);
        }

        Live build() {
            return build(0);
        }

        /** {@code leftover}: a node whose database still has the schema though the others dropped it. */
        Live build(int leftover) {
            ClusterState state = new ClusterState(ClusterName.of("shop"), 1, "2.2.11", members, paths, List.of(),
                    sets, tables, List.of(new ClusterState.Sequence(1, TableName.parse("public.a_id_seq"), 1, "s")),
                    subscriptions, List.of());
            Map<Integer, Integer> installed = new LinkedHashMap<>();
            Map<Integer, ClusterState> states = new LinkedHashMap<>();
            Map<Integer, Catalog> catalogs = new LinkedHashMap<>();
            for (int id = 1; id <= 3; id++) {
                boolean member = members.stream().anyMatch(m -> m.id() == 3) || id != 3;
                installed.put(id, member || id == leftover ? id : 0);
                if (member) {
                    states.put(id, state);
                }
                catalogs.put(id, catalog(id == 3 && missingOn3 ? TABLES : catalog, keyless));
            }
            return new Live(installed, states, catalogs, 1);
        }
    }
}
