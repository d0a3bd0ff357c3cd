package io.copiste.ldap;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Supplier;

/**
 * One function's connection to the source database, for lookups, joins and counts: opened on first use, read-only
 * in autocommit (each query sees the latest committed state), reopened after a failure. Not thread-safe (a function
 * is called from one thread at a time).
 */
final class Source implements AutoCloseable {
    private final Supplier<Connection> opener;
    private Connection connection;

    Source(Supplier<Connection> opener) {
        this.opener = opener;
    }

    Connection connection() throws SQLException {
        if (connection != null && !connection.isClosed()) {
            return connection;
        }
        connection = opener.get();
        connection.setAutoCommit(true);
        connection.setReadOnly(true);
        return connection;
    }

    /** Forgets a connection that failed, so the next query opens a new one. */
    void failed() {
        close();
    }

    @Override
    public void close() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // closing a broken connection
            }
            connection = null;
        }
    }
}
