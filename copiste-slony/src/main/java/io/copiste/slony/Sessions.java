package io.copiste.slony;

import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/**
 * The management connections of one {@link SlonyCluster}, one per node with an admin conninfo, and the node the
 * last event went to (slonik's {@code last_event_node}). Not thread-safe.
 */
final class Sessions implements AutoCloseable {
    private final Map<Integer, NodeSession> sessions = new TreeMap<>();
    /** The node the previous waited-for event was submitted to, or -1. */
    int lastEventNode = -1;

    Sessions(Collection<Node> nodes) {
        for (Node node : nodes) {
            if (sessions.put(node.id(), new NodeSession(node)) != null) {
                throw new IllegalArgumentException("node " + node.id() + " is given twice");
            }
        }
    }

    /** The session of a node; fails with a clear message when no admin conninfo was given for it. */
    NodeSession get(int node) {
        NodeSession session = sessions.get(node);
        if (session == null) {
            throw Failures.refused(node, "node " + node + " has no admin conninfo: copiste cannot reach it",
                    "add Node.of(" + node + ", Conninfo.parse(\"host=… dbname=…\")) to the cluster's nodes");
        }
        return session;
    }

    boolean knows(int node) {
        return sessions.containsKey(node);
    }

    Collection<NodeSession> all() {
        return sessions.values();
    }

    /** Forgets the events generated on a node that left the cluster, as slonik does after drop or uninstall. */
    void forgetEvents(int node) {
        NodeSession session = sessions.get(node);
        if (session != null) {
            session.lastEvent = -1;
        }
        if (lastEventNode == node) {
            lastEventNode = -1;
        }
    }

    @Override
    public void close() {
        sessions.values().forEach(NodeSession::close);
    }
}
