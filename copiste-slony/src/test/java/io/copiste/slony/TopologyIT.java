package io.copiste.slony;

import io.copiste.slony.topology.ApplyListener;
import io.copiste.slony.topology.Topology;
import io.copiste.slony.topology.TopologyDriver;
import io.copiste.slony.topology.TopologyPlan;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 8 on one three-node cluster, in order: a topology applied to empty servers, applied again as a no-op, then
 * each change of the issue applied while pgbench writes on the origin (a new table in the subscribed set, a table
 * removed, a changed provider, a node removed, a node added back after an apply that stopped half-way), then a
 * switchover refused without the flag and made with it, then a subscription left out and forwarding turned off.
 * Each change ends with every replicated table equal, row by row, on every node.
 */
@Timeout(600)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TopologyIT {
    private static final Duration WAIT = Duration.ofMinutes(3);
    private static final String PGBENCH = "    tables: [{pattern: '^public[.]pgbench_'}]\n"
            + "    sequences: [{schema: public}]\n";
    @RegisterExtension
    static final SlonyExtension SLONY = new SlonyExtension("topo", 3);
    private static SlonyFixture fx;

    @BeforeAll
    static void servers() {
        fx = SLONY.fx();
    }

    @Test
    @Order(1)
    void aTopologyTakesEmptyServersToAThreeNodeCascade() throws Exception {
        Topology topology = topology(List.of(1, 2, 3), 1, PGBENCH, "{receiver: 2}, {receiver: 3, provider: 2}");
        try (TopologyDriver driver = driver(topology)) {
            TopologyPlan plan = driver.plan(false);
            assertThat(plan.readFrom()).isZero();
            assertThat(plan.steps()).extracting(TopologyPlan.Step::description).first().asString()
                    .startsWith("init cluster topo on node 1");
            assertThat(plan.script()).contains("init cluster (id = 1").contains("store node (id = 3")
                    .contains("subscribe set (id = 1, provider = 2, receiver = 3, forward = yes);");

            driver.apply(false, fx.startingSlons());
            fx.pgbench(1, 3);
            settle(driver);
        }
        for (int node = 1; node <= 3; node++) {
            assertThat(SLONY.slony().state(node).tablesOf(1)).as("tables of set 1 on node %d", node).hasSize(4);
        }
        fx.assertSameRows(1, List.of(2, 3), SlonyFixture.PGBENCH_TABLES);
    }

    @Test
    @Order(2)
    void applyingTheSameTopologyAgainChangesNothing() {
        Topology topology = topology(List.of(1, 2, 3), 1, PGBENCH, "{receiver: 2}, {receiver: 3, provider: 2}");
        ClusterState before = withoutLag(SLONY.slony().state(1));
        try (TopologyDriver driver = driver(topology)) {
            TopologyPlan plan = driver.plan(false);
            assertThat(plan.upToDate()).as(plan.describe()).isTrue();
            assertThat(plan.describe()).contains("nothing to do");
            assertThat(driver.apply(false, ApplyListener.NONE).steps()).isZero();
        }
        assertThat(withoutLag(SLONY.slony().state(1))).isEqualTo(before);
    }

    @Test
    @Order(3)
    void aNewTableJoinsTheSubscribedSetThroughATemporarySetUnderLoad() throws Exception {
        for (int node = 1; node <= 3; node++) {
            fx.server(node).execute(SlonyFixture.DB, "CREATE TABLE public.orders (id bigserial PRIMARY KEY, "
                    + "item text NOT NULL)");
        }
        fx.server(1).execute(SlonyFixture.DB, "INSERT INTO orders (item) SELECT 'item ' || g FROM "
                + "generate_series(1, 300) g");
        Topology topology = topology(List.of(1, 2, 3), 1, PGBENCH.replace("_'}]", "_'}, public.orders]"),
                "{receiver: 2}, {receiver: 3, provider: 2}");
        List<String> steps = applyUnderLoad(topology);
        assertThat(steps).anyMatch(s -> s.startsWith("create temporary set 2 on node 1 with 1 table, 1 sequence"))
                .anyMatch(s -> s.startsWith("merge temporary set 2 into set 1"));
        for (int node = 1; node <= 3; node++) {
            ClusterState state = SLONY.slony().state(node);
            assertThat(state.sets()).as("sets on node %d", node).extracting(ClusterState.ReplicationSet::id)
                    .containsExactly(1);
            assertThat(state.tablesOf(1)).as("tables of set 1 on node %d", node).hasSize(5);
        }
        fx.assertSameRows(1, List.of(2, 3), WITH_ORDERS);
    }

    @Test
    @Order(4)
    void aTableLeftOutOfTheTopologyLeavesItsSetUnderLoad() throws Exception {
        fx.server(1).execute(SlonyFixture.DB, "INSERT INTO orders (item) VALUES ('before the removal')");
        List<String> steps = applyUnderLoad(topology(List.of(1, 2, 3), 1, PGBENCH,
                "{receiver: 2}, {receiver: 3, provider: 2}"));
        assertThat(steps).anyMatch(s -> s.startsWith("remove table public.orders from set 1"));
        for (int node = 1; node <= 3; node++) {
            assertThat(SLONY.slony().state(node).tables()).as("replicated tables on node %d", node)
                    .extracting(t -> t.name().toString()).doesNotContain("public.orders");
        }
        fx.server(1).execute(SlonyFixture.DB, "INSERT INTO orders (item) VALUES ('not replicated any more')");
        assertThat(fx.count(2, "SELECT count(*) FROM orders")).isEqualTo(301);
        fx.assertSameRows(1, List.of(2, 3), SlonyFixture.PGBENCH_TABLES);
    }

    @Test
    @Order(5)
    void aChangedProviderResubscribesTheNodeUnderLoad() throws Exception {
        List<String> steps = applyUnderLoad(topology(List.of(1, 2, 3), 1, PGBENCH, "{receiver: 2}, {receiver: 3}"));
        assertThat(steps).anyMatch(s -> s.startsWith("make node 3 take the sets of origin 1 from node 1 instead of "
                + "node 2"));
        for (int node = 1; node <= 3; node++) {
            assertThat(SLONY.slony().state(node).subscriptions()).as("subscriptions on node %d", node)
                    .extracting(ClusterState.Subscription::provider).containsExactly(1, 1);
        }
        fx.assertSameRows(1, List.of(2, 3), SlonyFixture.PGBENCH_TABLES);
    }

    @Test
    @Order(6)
    void aNodeLeftOutOfTheTopologyIsDroppedUnderLoad() throws Exception {
        List<String> steps = applyUnderLoad(topology(List.of(1, 2), 1, PGBENCH, "{receiver: 2}"));
        assertThat(steps).anyMatch(s -> s.startsWith("drop node 3"));
        fx.stopSlon(3);
        for (int node = 1; node <= 2; node++) {
            assertThat(SLONY.slony().state(node).nodes()).as("nodes as node %d sees them", node)
                    .extracting(ClusterState.Member::id).containsExactly(1, 2);
        }
        fx.assertSameRows(1, List.of(2), SlonyFixture.PGBENCH_TABLES);
    }

    @Test
    @Order(7)
    void aNewNodeIsAddedUnderLoadAndAnApplyThatStoppedHalfWayContinues() throws Exception {
        Topology topology = topology(List.of(1, 2, 3), 1, PGBENCH, "{receiver: 2}, {receiver: 3, provider: 2}");
        // node 3's slon dropped its schema when it processed its own DROP_NODE; no slon runs for node 3 now, so the
        // wait after the paths times out, leaving node 3 stored
        try (TopologyDriver driver = TopologyDriver.connect(topology, SlonyOptions.defaults()
                .withTimeout(Duration.ofSeconds(15)).withProgress(Progress.NONE))) {
            assertThat(driver.plan(false).describe()).contains("1. store node 3").doesNotContain("uninstall");
            assertThatThrownBy(() -> driver.apply(false, ApplyListener.NONE)).isInstanceOf(SlonyException.class)
                    .hasMessageContaining("apply stopped at step 3 of 4 (wait until every node has confirmed")
                    .hasMessageContaining("timed out after 15 s")
                    .satisfies(e -> assertThat(((SlonyException) e).hint()).contains("apply again"));
        }
        fx.startSlon(3);
        List<String> steps = applyUnderLoad(topology);
        assertThat(steps).noneMatch(s -> s.startsWith("store node 3") || s.startsWith("uninstall"))
                .anyMatch(s -> s.startsWith("subscribe node 3 to set 1 from node 2"));
        fx.assertSameRows(1, List.of(2, 3), SlonyFixture.PGBENCH_TABLES);
    }

    @Test
    @Order(8)
    void movingTheOriginIsRefusedUnlessASwitchoverIsAskedFor() throws Exception {
        Topology moved = topology(List.of(1, 2, 3), 2, PGBENCH, "{receiver: 1}, {receiver: 3}");
        try (TopologyDriver driver = driver(moved)) {
            TopologyPlan plan = driver.plan(false);
            assertThat(plan.refusals()).extracting(TopologyPlan.Refusal::message)
                    .containsExactly("set 1: its origin is node 1, the topology says node 2: moving the origin is a "
                            + "switchover");
            assertThatThrownBy(() -> driver.apply(false, ApplyListener.NONE)).hasMessageContaining("nothing was "
                    + "applied");
            assertThat(SLONY.slony().state(1).set(1).origin()).isEqualTo(1);

            TopologyDriver.Applied applied = driver.apply(true, ApplyListener.NONE);
            assertThat(applied.plans().get(0).steps()).extracting(TopologyPlan.Step::description)
                    .anyMatch(s -> s.startsWith("switch set 1 over from node 1 to node 2"));
            assertThat(driver.plan(false).upToDate()).as("the topology is reached").isTrue();
            fx.pgbench(2, 3);
            driver.cluster().waitFor(driver.cluster().sync(2), 0, WAIT);
        }
        for (int node = 1; node <= 3; node++) {
            assertThat(SLONY.slony().state(node).set(1).origin()).as("origin on node %d", node).isEqualTo(2);
        }
        fx.assertSameRows(2, List.of(1, 3), SlonyFixture.PGBENCH_TABLES);
    }

    @Test
    @Order(9)
    void aSubscriptionLeftOutIsUnsubscribedAndForwardingCanBeTurnedOff() throws Exception {
        Topology topology = topology(List.of(1, 2, 3), 2, PGBENCH, "{receiver: 1, forward: false}");
        try (TopologyDriver driver = driver(topology)) {
            TopologyDriver.Applied applied = driver.apply(false, ApplyListener.NONE);
            assertThat(applied.plans().get(0).steps()).extracting(TopologyPlan.Step::description).containsExactly(
                    "subscribe node 1 to set 1 from node 2 again, not forwarding",
                    "unsubscribe node 3 from set 1 (its copy of the tables stays, no longer updated)",
                    "wait until every node has confirmed the changes to set 1");
            assertThat(driver.plan(false).upToDate()).as("the topology is reached").isTrue();
            fx.pgbench(2, 2);
            driver.cluster().waitFor(driver.cluster().sync(2), 0, WAIT);
        }
        for (int node = 1; node <= 3; node++) {
            assertThat(SLONY.slony().state(node).subscriptions()).as("subscriptions on node %d", node)
                    .containsExactly(new ClusterState.Subscription(1, 2, 1, false, true));
        }
        fx.assertSameRows(2, List.of(1), SlonyFixture.PGBENCH_TABLES);
    }

    private static final List<String> WITH_ORDERS = List.of("public.pgbench_accounts", "public.pgbench_branches",
            "public.pgbench_history", "public.pgbench_tellers", "public.orders");

    /** Applies while pgbench writes on node 1, then waits until every node has the last write; returns the steps. */
    private static List<String> applyUnderLoad(Topology topology) throws Exception {
        AtomicReference<Throwable> failed = new AtomicReference<>();
        Thread load = new Thread(() -> {
            try {
                fx.pgbench(1, 8);
            } catch (Throwable e) {
                failed.set(e);
            }
        });
        List<String> steps = new ArrayList<>();
        try (TopologyDriver driver = driver(topology)) {
            load.start();
            TopologyDriver.Applied applied = driver.apply(false, fx.startingSlons());
            applied.plans().forEach(p -> p.steps().forEach(s -> steps.add(s.description())));
            load.join();
            assertThat(failed.get()).as("pgbench during the apply").isNull();
            assertThat(driver.plan(false).upToDate()).as("the topology is reached").isTrue();
            settle(driver);
        }
        return steps;
    }

    private static void settle(TopologyDriver driver) {
        driver.cluster().waitFor(driver.cluster().sync(1), 0, WAIT);
    }

    private static TopologyDriver driver(Topology topology) {
        return TopologyDriver.connect(topology, SlonyOptions.defaults().withTimeout(WAIT)
                .withProgress(m -> System.out.println("[progress] " + m)));
    }

    /** The topology's YAML for some of the fixture's nodes and one set. */
    private static Topology topology(List<Integer> nodes, int origin, String selection, String subscriptions) {
        StringBuilder yaml = new StringBuilder("cluster: topo\nnodes:\n");
        for (int id : nodes) {
            yaml.append("  - {id: ").append(id).append(", conninfo: '").append(fx.nodes.get(id - 1).admin().text())
                    .append("'}\n");
        }
        yaml.append("paths: all\nsets:\n  - id: 1\n    origin: ").append(origin).append("\n    comment: pgbench\n")
                .append(selection).append("    subscriptions: [").append(subscriptions).append("]\n");
        return Topology.parse(yaml.toString(), "topology.yaml");
    }

    private static ClusterState withoutLag(ClusterState s) {
        return new ClusterState(s.cluster(), s.readFrom(), s.slonyVersion(), s.nodes(), s.paths(), s.listens(),
                s.sets(), s.tables(), s.sequences(), s.subscriptions(), List.of());
    }
}
