package io.copiste.slony;

import io.copiste.slony.Command.*;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** init cluster, store / drop / uninstall / restart node, update functions, clone prepare / finish. */
final class NodeOps {
    private final Engine engine;

    NodeOps(Engine engine) {
        this.engine = engine;
    }

    /** Loads the schema on the first node and enables it. Like slonik, not counted for later waits. */
    Event initCluster(InitCluster c) {
        long seqno = engine.sessions.get(c.node()).transaction("init cluster " + engine.cluster, conn -> {
            installSchema(conn, c.node());
            engine.lockEventAndConfig(conn);
            Jdbc.queryLong(conn, 0, "SELECT " + engine.q("initializeLocalNode") + "(?, ?)", c.node(),
                    comment(c.comment(), c.node()));
            return Jdbc.queryLong(conn, -1, "SELECT " + engine.q("enableNode") + "(?)", c.node());
        });
        return new Event(c.node(), seqno);
    }

    /**
     * Loads the schema on the new node and copies the cluster's configuration into it from the event node (with the
     * {@code *_int} functions, locally, exactly as slonik does: the new node cannot receive events before it knows
     * the cluster), then announces it with the STORE_NODE and ENABLE_NODE events.
     */
    Event storeNode(StoreNode c) {
        engine.checkNodeId(c.eventNode());
        NodeSession origin = engine.sessions.get(c.eventNode());
        NodeSession added = engine.sessions.get(c.node());
        boolean known = origin.transaction("read sl_node", conn -> Jdbc.exists(conn,
                "SELECT 1 FROM " + engine.q("sl_node") + " WHERE no_id = ?", c.node()));
        if (known) {
            throw Failures.refused(c.node(), "store node: node " + c.node() + " is already a member of cluster "
                    + engine.cluster, "drop it first (dropNode), or pick another id");
        }
        engine.waiter.configCaughtUp(c.eventNode(), c.node());
        Configuration config = origin.transaction("read the cluster configuration",
                conn -> Configuration.read(conn, engine));
        added.transaction("install the Slony schema on node " + c.node(), conn -> {
            installSchema(conn, c.node());
            engine.lockEventAndConfig(conn);
            Jdbc.queryLong(conn, 0, "SELECT " + engine.q("initializeLocalNode") + "(?, ?)", c.node(),
                    comment(c.comment(), c.node()));
            Jdbc.queryLong(conn, 0, "SELECT " + engine.q("enableNode_int") + "(?)", c.node());
            config.copyInto(conn, engine, c.node());
            return 0L;
        });
        try {
            return engine.submit(c.eventNode(), false, "announce node " + c.node(), conn -> {
                engine.lockEventAndConfig(conn);
                Jdbc.queryLong(conn, 0, "SELECT " + engine.q("storeNode") + "(?, ?)", c.node(),
                        comment(c.comment(), c.node()));
                return Jdbc.queryLong(conn, -1, "SELECT " + engine.q("enableNode") + "(?)", c.node());
            });
        } catch (SlonyException e) {
            throw new SlonyException(e.code(), c.eventNode(), e.getMessage() + "; node " + c.node()
                    + " already has the Slony schema but the cluster was not told", "run uninstallNode("
                    + c.node() + "), fix the cause, then store the node again", e.getCause());
        }
    }

    /**
     * Waits until the event node has confirmed every event of the dropped node that any reachable node has seen
     * (it may have been an origin before a failover), then submits DROP_NODE.
     */
    Event dropNode(DropNode c) {
        long last = 0;
        for (NodeSession other : List.copyOf(engine.sessions.all())) {
            if (other.id() == c.node()) {
                continue;
            }
            try {
                last = Math.max(last, other.transaction("read sl_event", conn -> Jdbc.queryLong(conn, 0,
                        "SELECT max(ev_seqno) FROM " + engine.q("sl_event") + " WHERE ev_origin = ?", c.node())));
            } catch (SlonyException unreachable) {
                // slonik skips nodes it cannot reach or that have no schema; so do we
            }
        }
        engine.waiter.waitFor(new Event(c.node(), last), c.eventNode(), engine.options.timeout());
        Event event = engine.submit(c.eventNode(), true, "drop node " + c.node(), conn -> {
            engine.lockEventAndConfig(conn);
            return Jdbc.queryLong(conn, -1, "SELECT " + engine.q("dropNode") + "(ARRAY[?]::int4[])", c.node());
        });
        engine.sessions.forgetEvents(c.node());
        return event;
    }

    /**
     * Removes Slony's triggers and schema from the node's database. A schema already gone is not an error: a dropped
     * node's slon, if it still runs, removes it on its own as soon as it processes the DROP_NODE of its node (half a
     * second after dropNode, observed while writing CommandsIT), possibly while this runs.
     */
    Event uninstallNode(UninstallNode c) {
        NodeSession session = engine.sessions.get(c.node());
        try {
            if (session.hasSchema(engine.cluster)) {
                session.transaction("uninstall Slony from node " + c.node(), conn -> {
                    engine.lockEventAndConfig(conn);
                    return Jdbc.queryLong(conn, 0, "SELECT " + engine.q("uninstallNode") + "()");
                });
                session.transaction("drop schema " + engine.cluster.namespace(), conn -> {
                    Jdbc.execute(conn, "DROP SCHEMA " + engine.cluster.schema() + " CASCADE");
                    return 0L;
                });
            }
        } catch (SlonyException e) {
            if (session.hasSchema(engine.cluster)) {
                throw e;
            }
        }
        engine.sessions.forgetEvents(c.node());
        return Event.NONE;
    }

    Event restartNode(RestartNode c) {
        engine.restart(c.node());
        return Event.NONE;
    }

    /** Reloads the functions of the installed Slony version and upgrades the schema from the node's old version. */
    Event updateFunctions(UpdateFunctions c) {
        SchemaScripts scripts = engine.scripts();
        engine.sessions.get(c.node()).transaction("update functions on node " + c.node(), conn -> {
            String old = Jdbc.queryString(conn, "SELECT " + engine.q("slonyVersion") + "()");
            scripts.installFunctions(conn, engine.cluster, serverVersion(conn));
            Jdbc.queryString(conn, "SELECT " + engine.q("upgradeSchema") + "(?)", old);
            return 0L;
        });
        return restartNode(new RestartNode(c.node()));
    }

    Event clonePrepare(ClonePrepare c) {
        engine.waiter.configCaughtUp(c.provider(), -1);
        return engine.submit(c.provider(), false, "prepare clone node " + c.node(), conn -> {
            engine.lockConfig(conn);
            return Jdbc.queryLong(conn, -1, "SELECT " + engine.q("cloneNodePrepare") + "(?, ?, ?)", c.node(),
                    c.provider(), comment(c.comment(), c.node()));
        });
    }

    Event cloneFinish(CloneFinish c) {
        engine.sessions.get(c.node()).transaction("finish clone node " + c.node(), conn -> Jdbc.queryLong(conn, 0,
                "SELECT " + engine.q("cloneNodeFinish") + "(?, ?)", c.node(), c.provider()));
        return Event.NONE;
    }

    /** Refuses a node that already has the schema; checks the C module; loads the scripts. */
    private void installSchema(Connection conn, int node) throws SQLException {
        if (Jdbc.exists(conn, "SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = ?", engine.cluster.namespace())) {
            throw Failures.refused(node, "node " + node + " already has schema " + engine.cluster.namespace()
                    + ": Slony is installed there", "if it is left over from an old cluster, run uninstallNode("
                    + node + ") first; otherwise pick another database for this node");
        }
        SchemaScripts scripts = engine.scripts();
        scripts.checkRequirements(conn, node);
        scripts.installAll(conn, engine.cluster, serverVersion(conn));
    }

    private static int serverVersion(Connection conn) throws SQLException {
        return (int) Jdbc.queryLong(conn, 0, "SELECT current_setting('server_version_num')::int");
    }

    private static String comment(String comment, int node) {
        return comment == null || comment.isBlank() ? "Node " + node : comment;
    }
}
