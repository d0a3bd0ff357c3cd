package io.copiste.slony;

import io.copiste.slony.Command.*;

/** store / drop path, store / drop listen. */
final class PathOps {
    private final Engine engine;

    PathOps(Engine engine) {
        this.engine = engine;
    }

    /**
     * Stores the path on the client. Slony would silently create a placeholder for an unknown server; copiste
     * refuses it instead. Like slonik, does not take part in the waiting rules: paths are what lets the slons talk.
     */
    Event storePath(StorePath c) {
        engine.checkNodeId(c.client());
        boolean serverKnown = engine.sessions.get(c.client()).transaction("read sl_node", conn -> Jdbc.exists(conn,
                "SELECT 1 FROM " + engine.q("sl_node") + " WHERE no_id = ? AND no_comment <> '<event pending>'",
                c.server()));
        if (!serverKnown && !isMember(c.server())) {
            throw Failures.refused(c.client(), "store path: node " + c.server() + " is not a node of cluster "
                    + engine.cluster + " (as node " + c.client() + " and copiste see it)",
                    "store node " + c.server() + " first (storeNode), or fix the server id");
        }
        return engine.submit(c.client(), true, "store path " + c.server() + " -> " + c.client(), conn -> {
            engine.lockEventAndConfig(conn);
            return Jdbc.queryLong(conn, -1, "SELECT " + engine.q("storePath") + "(?, ?, ?, ?)", c.server(),
                    c.client(), c.conninfo().text(), c.connectRetrySeconds());
        });
    }

    /**
     * Drops the path and restarts the client's slon once the client has dropped it too (slonik's RESTART NODE).
     * Without the restart, slon 2.2's remote worker for the server keeps retrying a SYNC it had fetched through the
     * dropped path ("No pa_conninfo for data provider N") without ever re-reading its configuration, so the client
     * confirms none of the server's events again, even after the path is stored anew (seen in CommandsIT).
     */
    Event dropPath(DropPath c) {
        String action = "drop path " + c.server() + " -> " + c.client();
        if (c.eventNode() == c.client()) {
            return engine.submit(c.client(), false, action, conn -> {
                engine.lockEventAndConfig(conn);
                long event = Jdbc.queryLong(conn, -1, "SELECT " + engine.q("dropPath") + "(?, ?)", c.server(),
                        c.client());
                engine.notifyRestart(conn);
                return event;
            });
        }
        Event event = engine.call(c.eventNode(), action, "dropPath", c.server(), c.client());
        engine.waiter.waitFor(event, c.client(), engine.options.timeout());
        engine.restart(c.client());
        return event;
    }

    Event storeListen(StoreListen c) {
        return engine.call(c.receiver(), "store listen", "storeListen", c.origin(), c.provider(), c.receiver());
    }

    Event dropListen(DropListen c) {
        return engine.call(c.receiver(), "drop listen", "dropListen", c.origin(), c.provider(), c.receiver());
    }

    /** Whether copiste can reach {@code node} and its database is that node of this cluster. */
    private boolean isMember(int node) {
        if (!engine.sessions.knows(node)) {
            return false;
        }
        try {
            engine.checkNodeId(node);
            return true;
        } catch (SlonyException e) {
            return false;
        }
    }
}
