package io.copiste.slony;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The management connection to one node, slonik's "admin info": opened on first use with
 * {@code session_replication_role = local} (so that what copiste changes fires neither Slony's log triggers nor the
 * deny-access triggers of replicas) and auto-commit off; plus the last event this session generated on the node.
 *
 * <p>Not thread-safe: one {@link SlonyCluster} drives one operation at a time.
 */
final class NodeSession implements AutoCloseable {
    @FunctionalInterface
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private final Node node;
    private Connection connection;
    /** The sequence number of the last event generated on this node by this session, or -1. */
    long lastEvent = -1;

    NodeSession(Node node) {
        this.node = node;
    }

    int id() {
        return node.id();
    }

    Node node() {
        return node;
    }

    /** Runs {@code work} in one transaction and commits it; on any failure rolls back and says what failed. */
    <T> T transaction(String action, Work<T> work) {
        Connection c = connection(action);
        try {
            T result = work.run(c);
            c.commit();
            return result;
        } catch (SQLException e) {
            rollback();
            throw Failures.of(node, action, e);
        } catch (RuntimeException e) {
            rollback();
            throw e;
        }
    }

    /** Whether the cluster's schema exists on this node. */
    boolean hasSchema(ClusterName cluster) {
        return transaction("look for schema " + cluster.namespace(), c -> Jdbc.exists(c,
                "SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = ?", cluster.namespace()));
    }

    private Connection connection(String action) {
        if (connection != null) {
            return connection;
        }
        try {
            Connection c = DriverManager.getConnection(node.admin().jdbcUrl(),
                    node.admin().jdbcProperties("copiste-slony"));
            try (Statement st = c.createStatement()) {
                st.execute("SET datestyle TO 'ISO'");
                st.execute("SET standard_conforming_strings TO on");
                st.execute("SET session_replication_role TO local");
            }
            c.setAutoCommit(false);
            connection = c;
            return c;
        } catch (SQLException e) {
            throw Failures.connect(node, action, e);
        } catch (IllegalArgumentException e) {
            throw new SlonyException(io.copiste.ErrorCode.USAGE, node.id(), "node " + node.id() + ": "
                    + e.getMessage(), "fix node " + node.id() + "'s admin conninfo");
        }
    }

    private void rollback() {
        if (connection == null) {
            return;
        }
        try {
            connection.rollback();
        } catch (SQLException e) {
            // the connection is broken; the server rolls back on its own. Start afresh next time.
            close();
        }
    }

    @Override
    public void close() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // closing a broken connection: nothing left to release
            }
            connection = null;
        }
    }

    /** For messages: {@code node 2 (127.0.0.1:5433/app)}. */
    @Override
    public String toString() {
        return "node " + node.id() + " (" + node.admin().describe() + ")";
    }
}
