package io.copiste.slony.topology;

import io.copiste.manifest.Location;
import io.copiste.manifest.Problem;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rules a topology must follow before anything is planned: unique ids, declared nodes, providers that forward,
 * no provider cycle, one provider per origin and receiver (Slony 2.2's rule), and paths both ways between every
 * provider and receiver. Returns located problems; changes nothing.
 */
final class TopologyCheck {
    private final Topology topology;
    private final List<Problem> problems = new ArrayList<>();
    private final Set<Integer> nodeIds = new HashSet<>();

    TopologyCheck(Topology topology) {
        this.topology = topology;
    }

    /** Every problem found, in the order checked. */
    List<Problem> run() {
        for (Topology.NodeSpec n : topology.nodes()) {
            if (!nodeIds.add(n.id())) {
                add(n.location(), "node " + n.id() + " is declared twice", "node ids must be unique");
            }
        }
        if (topology.nodes().isEmpty()) {
            add(Location.of("topology"), "the topology has no node", "declare at least one under 'nodes:'");
        }
        Set<String> pairs = new HashSet<>();
        for (Topology.PathSpec p : topology.paths()) {
            String where = "path " + p.server() + " -> " + p.client();
            if (p.server() == p.client()) {
                add(p.location(), where + ": server and client must differ", null);
            }
            declared(p.server(), p.location(), where);
            declared(p.client(), p.location(), where);
            if (!pairs.add(p.server() + ">" + p.client())) {
                add(p.location(), where + " is declared twice", "keep one of them");
            }
        }
        Set<Integer> setIds = new HashSet<>();
        Map<String, Integer> providerOf = new HashMap<>();
        for (Topology.SetSpec s : topology.sets()) {
            if (!setIds.add(s.id())) {
                add(s.location(), "set " + s.id() + " is declared twice", "set ids must be unique");
            }
            declared(s.origin(), s.location(), "set " + s.id() + ": origin");
            subscriptions(s, pairs, providerOf);
        }
        namedOnce();
        return List.copyOf(problems);
    }

    private void add(Location at, String message, String hint) {
        problems.add(new Problem(at, message, hint));
    }

    private void subscriptions(Topology.SetSpec s, Set<String> pairs, Map<String, Integer> providerOf) {
        Set<Integer> receivers = new HashSet<>();
        for (Topology.Subscription sub : s.subscriptions()) {
            String where = "set " + s.id() + ": subscription of node " + sub.receiver();
            declared(sub.receiver(), sub.location(), where);
            declared(sub.provider(), sub.location(), where + ": provider");
            if (!receivers.add(sub.receiver())) {
                add(sub.location(), where + " is declared twice", "a node subscribes to a set once");
            }
            if (sub.receiver() == s.origin()) {
                add(sub.location(), where + ": node " + sub.receiver() + " is the set's origin",
                        "remove this subscription: the origin has the data");
            } else if (sub.receiver() == sub.provider()) {
                add(sub.location(), where + ": a node cannot be its own provider",
                        "give another 'provider' (the origin, " + s.origin() + ", by default)");
            } else if (sub.provider() != s.origin()) {
                var provider = s.subscription(sub.provider());
                if (provider.isEmpty()) {
                    add(sub.location(), where + ": provider " + sub.provider() + " does not subscribe to set "
                            + s.id(), "subscribe node " + sub.provider() + " too, or take the set from the origin");
                } else if (!provider.get().forward()) {
                    add(sub.location(), where + ": provider " + sub.provider() + " does not forward set "
                            + s.id(), "set 'forward: true' on node " + sub.provider() + "'s subscription");
                } else if (cycle(s, sub)) {
                    add(sub.location(), where + ": the providers form a cycle that never reaches origin "
                            + s.origin(), "make one of them take the set from the origin");
                }
            }
            String key = s.origin() + ">" + sub.receiver();
            Integer other = providerOf.putIfAbsent(key, sub.provider());
            if (other != null && other != sub.provider()) {
                add(sub.location(), where + ": node " + sub.receiver() + " takes another set of origin "
                        + s.origin() + " from node " + other, "Slony 2.2 needs one provider per origin and receiver:"
                        + " use provider " + other + " here too");
            }
            if (sub.receiver() != sub.provider()) {
                path(pairs, sub.provider(), sub.receiver(), sub.location(), where);
                path(pairs, sub.receiver(), sub.provider(), sub.location(), where);
            }
        }
    }

    private boolean cycle(Topology.SetSpec s, Topology.Subscription start) {
        int node = start.provider();
        for (int hops = 0; hops <= s.subscriptions().size(); hops++) {
            if (node == s.origin()) {
                return false;
            }
            var sub = s.subscription(node);
            if (sub.isEmpty()) {
                return false;
            }
            node = sub.get().provider();
        }
        return true;
    }

    private void path(Set<String> pairs, int server, int client, Location at, String where) {
        if (nodeIds.contains(server) && nodeIds.contains(client) && !pairs.contains(server + ">" + client)) {
            add(at, where + ": no path from node " + server + " to node " + client + " (server "
                    + server + ", client " + client + ")", "add {server: " + server + ", client: " + client
                    + "} to 'paths:', or write 'paths: all'");
        }
    }

    private void declared(int node, Location at, String where) {
        if (node > 0 && !nodeIds.contains(node)) {
            add(at, where + ": node " + node + " is not declared", "declare it under 'nodes:', or fix the id");
        }
    }

    /** A table or sequence named in two sets could only be in one. */
    private void namedOnce() {
        Map<String, Integer> owner = new HashMap<>();
        for (Topology.SetSpec s : topology.sets()) {
            for (List<Selector> list : List.of(s.tables(), s.sequences())) {
                for (Selector sel : list) {
                    if (sel instanceof Selector.Named n) {
                        Integer first = owner.putIfAbsent(n.name().toString(), s.id());
                        if (first != null) {
                            add(n.location(), n.name() + " is named in set " + first + " and set " + s.id(),
                                    "a table or sequence belongs to one set: remove one");
                        }
                    }
                }
            }
        }
    }
}
