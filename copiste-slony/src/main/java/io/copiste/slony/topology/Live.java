package io.copiste.slony.topology;

import io.copiste.slony.Catalog;
import io.copiste.slony.ClusterState;
import io.copiste.slony.SlonyCluster;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the planner knows of the live cluster: for every node of the topology, which node its database says it is
 * ({@code 0}: no Slony schema), its own view of the cluster, and its tables and sequences; plus the node whose view
 * the plan starts from. Immutable.
 *
 * @param installedAs node id → the id kept in its schema, 0 when not installed
 * @param states      node id → that node's view, for every installed node
 * @param catalogs    node id → its tables and sequences
 * @param readFrom    the node whose view is the reference ({@code 0} for a fresh cluster)
 */
record Live(Map<Integer, Integer> installedAs, Map<Integer, ClusterState> states, Map<Integer, Catalog> catalogs,
            int readFrom) {
    Live {
        installedAs = Collections.unmodifiableMap(new LinkedHashMap<>(installedAs));
        states = Collections.unmodifiableMap(new LinkedHashMap<>(states));
        catalogs = Collections.unmodifiableMap(new LinkedHashMap<>(catalogs));
    }

    /** Reads every node of the topology; the reference is the first installed origin of a set, else any node. */
    static Live read(Topology topology, SlonyCluster slony) {
        Map<Integer, Integer> installed = new LinkedHashMap<>();
        Map<Integer, ClusterState> states = new LinkedHashMap<>();
        Map<Integer, Catalog> catalogs = new LinkedHashMap<>();
        for (Topology.NodeSpec n : topology.nodes()) {
            int as = slony.installedAs(n.id());
            installed.put(n.id(), as);
            if (as == n.id()) {
                states.put(n.id(), slony.state(n.id()));
            }
            catalogs.put(n.id(), slony.catalog(n.id()));
        }
        return new Live(installed, states, catalogs, reference(topology, states));
    }

    private static int reference(Topology topology, Map<Integer, ClusterState> states) {
        for (Topology.SetSpec s : topology.sets()) {
            if (isMember(states, s.origin())) {
                return s.origin();
            }
        }
        return topology.nodes().stream().map(Topology.NodeSpec::id).filter(id -> isMember(states, id)).findFirst()
                .orElse(0);
    }

    /** Installed, and known to the other installed nodes (or alone). */
    private static boolean isMember(Map<Integer, ClusterState> states, int node) {
        if (!states.containsKey(node)) {
            return false;
        }
        List<ClusterState> others = states.entrySet().stream().filter(e -> e.getKey() != node)
                .map(Map.Entry::getValue).toList();
        return others.isEmpty() || others.stream().anyMatch(s -> s.nodes().stream().anyMatch(m -> m.id() == node));
    }

    boolean fresh() {
        return readFrom == 0;
    }

    /** The reference view, empty for a fresh cluster. */
    Optional<ClusterState> state() {
        return Optional.ofNullable(states.get(readFrom));
    }

    /** Whether the reference view lists the node. */
    boolean member(int node) {
        return state().map(s -> s.nodes().stream().anyMatch(m -> m.id() == node)).orElse(false);
    }

    /** The node's database holds the schema as that node, but the cluster no longer knows it. */
    boolean leftover(int node) {
        return !fresh() && installedAs.getOrDefault(node, 0) == node && !member(node);
    }

    Catalog catalog(int node) {
        return catalogs.getOrDefault(node, new Catalog(List.of(), List.of()));
    }
}
