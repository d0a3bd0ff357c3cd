package io.copiste.slony.topology;

import io.copiste.slony.ClusterState;
import io.copiste.slony.Command;
import io.copiste.slony.Conninfo;
import io.copiste.sql.TableName;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Computes the steps from a live cluster to its topology, in an order Slony accepts: nodes (init, leftovers
 * uninstalled, new ones stored), paths, a wait until every node knows them, each set (origin, leftover temporary
 * sets, tables, sequences, subscriptions), sets no longer listed, nodes no longer listed. Reads nothing itself: the
 * live side comes in as {@link Live}. Stateless apart from the draft it fills.
 */
final class Planner {
    private final Topology topology;
    private final Live live;
    private final boolean switchover;
    private final Draft draft;
    /** Whether a node was stored, so that the event node has an event to wait for. */
    private boolean announced;

    Planner(Topology topology, Live live, boolean switchover) {
        this.topology = topology;
        this.live = live;
        this.switchover = switchover;
        int maxSet = Stream.concat(topology.sets().stream().map(Topology.SetSpec::id),
                live.state().stream().flatMap(s -> s.sets().stream()).map(ClusterState.ReplicationSet::id))
                .mapToInt(Integer::intValue).max().orElse(0);
        this.draft = new Draft(maxSet + 1);
    }

    TopologyPlan plan() {
        if (!checkNodes()) {
            return result();
        }
        int eventNode = nodes();
        paths(eventNode);
        SetPlanner sets = new SetPlanner(topology, live, draft, switchover);
        topology.sets().forEach(sets::plan);
        sets.dropUnlisted();
        removedNodes(eventNode);
        return result();
    }

    /**
     * Only the additions of {@code only} (tables and sequences a migration created) to the sets whose rules choose
     * them: nothing about nodes, paths, subscriptions or removals.
     */
    TopologyPlan additions(Set<TableName> only) {
        if (live.fresh()) {
            draft.note("cluster " + topology.cluster() + " has no node yet: 'copiste slony apply' creates it");
            return result();
        }
        SetPlanner sets = new SetPlanner(topology, live, draft, false);
        topology.sets().forEach(s -> sets.addOnly(s, only));
        return result();
    }

    private TopologyPlan result() {
        return new TopologyPlan(topology.cluster(), topology.adminNodes(), live.readFrom(), draft.steps,
                draft.refusals, draft.notes, draft.deferred);
    }

    /** A database that says it is another node is never touched. */
    private boolean checkNodes() {
        boolean ok = true;
        for (Topology.NodeSpec n : topology.nodes()) {
            int as = live.installedAs().getOrDefault(n.id(), 0);
            if (as != 0 && as != n.id()) {
                draft.refuse("node " + n.id() + " (" + n.conninfo().describe() + ") is node " + as + " of cluster "
                        + topology.cluster(), "fix node " + n.id() + "'s conninfo (" + n.location() + ")");
                ok = false;
            }
        }
        return ok;
    }

    /** Init cluster (fresh), uninstall leftovers, store new nodes; returns the node events are announced from. */
    private int nodes() {
        int eventNode = live.readFrom();
        if (live.fresh()) {
            eventNode = topology.sets().isEmpty() ? topology.nodes().get(0).id() : topology.sets().get(0).origin();
            Topology.NodeSpec first = topology.node(eventNode).orElseThrow();
            draft.step("init cluster " + topology.cluster() + " on node " + eventNode + " ("
                    + first.conninfo().describe() + ")", new Command.InitCluster(eventNode, first.node().comment()));
        }
        for (Topology.NodeSpec n : topology.nodes()) {
            if (n.id() == eventNode || live.member(n.id())) {
                continue;
            }
            if (live.leftover(n.id())) {
                draft.step("uninstall the schema node " + n.id() + " keeps from an earlier membership ("
                        + n.conninfo().describe() + ")", new Command.UninstallNode(n.id()));
            }
            announced = true;
            draft.step("store node " + n.id() + " (" + n.conninfo().describe() + "), announced by node " + eventNode,
                    new Command.StoreNode(n.id(), n.node().comment(), eventNode));
        }
        return eventNode;
    }

    /** Stores missing or changed paths, drops paths between listed nodes that the file no longer has, then waits. */
    private void paths(int eventNode) {
        List<ClusterState.Path> existing = live.state().map(ClusterState::paths).orElse(List.of());
        Set<Integer> origins = new LinkedHashSet<>();
        if (announced) {
            origins.add(eventNode);
        }
        List<Command> stores = new ArrayList<>();
        for (Topology.PathSpec p : topology.paths()) {
            boolean same = existing.stream().anyMatch(e -> e.server() == p.server() && e.client() == p.client()
                    && e.connectRetrySeconds() == p.connectRetrySeconds() && sameConninfo(e.conninfo(), p.conninfo()));
            if (!same) {
                stores.add(new Command.StorePath(p.server(), p.client(), p.conninfo(), p.connectRetrySeconds()));
                origins.add(p.client());
            }
        }
        if (!stores.isEmpty()) {
            draft.step("store " + stores.size() + " path" + (stores.size() == 1 ? "" : "s"), stores);
        }
        for (ClusterState.Path e : existing) {
            boolean listed = topology.node(e.server()).isPresent() && topology.node(e.client()).isPresent();
            boolean wanted = topology.paths().stream().anyMatch(p -> p.server() == e.server()
                    && p.client() == e.client());
            if (listed && !wanted) {
                draft.step("drop path " + e.server() + " -> " + e.client(),
                        new Command.DropPath(e.server(), e.client(), e.client()));
                origins.add(e.client());
            }
        }
        if (!origins.isEmpty()) {
            draft.step("wait until every node has confirmed the node and path changes",
                    origins.stream().map(Draft::waitAll).toList());
        }
    }

    private static boolean sameConninfo(String stored, Conninfo wanted) {
        try {
            return Conninfo.parse(stored).text().equals(wanted.text());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Members the file no longer lists: dropped, unless they are still the origin of a set. */
    private void removedNodes(int eventNode) {
        ClusterState state = live.state().orElse(null);
        if (state == null) {
            return;
        }
        for (ClusterState.Member m : state.nodes()) {
            if (topology.node(m.id()).isPresent()) {
                continue;
            }
            List<Integer> origins = state.sets().stream().filter(s -> s.origin() == m.id())
                    .map(ClusterState.ReplicationSet::id).toList();
            if (!origins.isEmpty()) {
                draft.refuse("node " + m.id() + " is not in the topology but is the origin of set" + (origins.size()
                        == 1 ? " " : "s ") + origins, "move the set" + (origins.size() == 1 ? "" : "s") + " first:"
                        + " list node " + m.id() + " again and give the set another origin (apply --switchover), "
                        + "or fail over if node " + m.id() + " is lost");
                continue;
            }
            draft.step("drop node " + m.id() + " (no longer in the topology; its slon removes the "
                    + topology.cluster().namespace() + " schema from its database when it learns of it)",
                    new Command.DropNode(m.id(), eventNode), Draft.waitAll(eventNode));
        }
    }
}
