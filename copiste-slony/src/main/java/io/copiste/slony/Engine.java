package io.copiste.slony;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * What every operation shares: the cluster's name, the node sessions, the waiting rules, and slonik's way of
 * submitting an event. Not thread-safe.
 */
final class Engine implements AutoCloseable {
    final ClusterName cluster;
    final Sessions sessions;
    final Waiter waiter;
    final SlonyOptions options;
    private SchemaScripts scripts;

    Engine(ClusterName cluster, Sessions sessions, SlonyOptions options) {
        this.cluster = cluster;
        this.sessions = sessions;
        this.options = options;
        this.waiter = new Waiter(cluster, sessions, options);
    }

    /** The installed Slony's scripts, found on first use. */
    SchemaScripts scripts() {
        if (scripts == null) {
            scripts = SchemaScripts.locate(options.scripts());
        }
        return scripts;
    }

    /** A function or table of the cluster's schema: {@code "_NAME".name}. */
    String q(String name) {
        return cluster.qualify(name);
    }

    /** slonik's locks for configuration events: {@code sl_event_lock} then {@code sl_config_lock}. */
    void lockEventAndConfig(Connection c) throws SQLException {
        Jdbc.execute(c, "LOCK TABLE " + q("sl_event_lock") + ", " + q("sl_config_lock"));
    }

    void lockConfig(Connection c) throws SQLException {
        Jdbc.execute(c, "LOCK TABLE " + q("sl_config_lock"));
    }

    /** Tells the node's slon, at commit, to restart and reload the configuration (slonik's RESTART NODE). */
    void notifyRestart(Connection c) throws SQLException {
        Jdbc.execute(c, "NOTIFY " + io.copiste.sql.Sql.ident(cluster.namespace() + "_Restart"));
    }

    /** Restarts the node's slon now, in a transaction of its own. */
    void restart(int node) {
        sessions.get(node).transaction("restart node " + node, conn -> {
            notifyRestart(conn);
            return 0L;
        });
    }

    /**
     * slonik's {@code submitEvent}: unless {@code suppressWait}, first waits until {@code node} has confirmed the
     * last event sent to a different node; then runs {@code work} (which returns the event's sequence number) in one
     * transaction on {@code node}, and remembers the event for later waits.
     */
    Event submit(int node, boolean suppressWait, String action, NodeSession.Work<Long> work) {
        NodeSession session = sessions.get(node);
        int previous = sessions.lastEventNode;
        if (!suppressWait && previous > 0 && previous != node) {
            waiter.waitFor(new Event(previous, sessions.get(previous).lastEvent), node, options.timeout());
        }
        long seqno = session.transaction(action, work);
        session.lastEvent = seqno;
        if (!suppressWait) {
            sessions.lastEventNode = node;
        }
        return new Event(node, seqno);
    }

    /** One event function called under both configuration locks, as most slonik commands do. */
    Event call(int node, String action, String function, Object... args) {
        return submit(node, false, action, c -> {
            lockEventAndConfig(c);
            return Jdbc.queryLong(c, -1, "SELECT " + q(function) + "(" + placeholders(args.length) + ")", args);
        });
    }

    /** The node id the database behind {@code node}'s admin conninfo reports (slonik's node id check). */
    void checkNodeId(int node) {
        NodeSession session = sessions.get(node);
        if (!session.hasSchema(cluster)) {
            throw Failures.refused(node, "node " + node + " (" + session.node().admin().describe() + ") is not part "
                    + "of cluster " + cluster + ": schema " + cluster.namespace() + " is missing",
                    "run initCluster or storeNode for it first, or check its admin conninfo");
        }
        long reported = session.transaction("read the local node id", c -> Jdbc.queryLong(c, -1,
                "SELECT " + q("getLocalNodeId") + "(?)", cluster.namespace()));
        if (reported != node) {
            throw Failures.refused(node, "the database given as node " + node + " (" + session.node().admin()
                    .describe() + ") is node " + reported + " of cluster " + cluster, "fix the admin conninfo");
        }
    }

    static String placeholders(int n) {
        return String.join(", ", java.util.Collections.nCopies(n, "?"));
    }

    @Override
    public void close() {
        sessions.close();
    }
}
