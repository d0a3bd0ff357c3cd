package io.copiste.sql;

import java.sql.SQLException;

/**
 * Classifies database errors by SQLSTATE, never by message text.
 *
 * <p>Retryable: connection exceptions (class 08), serialization failures and deadlocks (40001, 40P01),
 * operator intervention such as a server shutting down (57P01-57P03), lock not available (55P03), object in
 * use (55006: a replication slot its previous reader has not let go of yet), and
 * insufficient resources (class 53). Everything else — syntax or access rule violations (42), invalid
 * authorization (28), data exceptions (22), integrity constraint violations (23) — is permanent.
 */
public final class SqlStates {
    private SqlStates() {
    }

    /** Whether retrying the same work later may succeed. */
    public static boolean isRetryable(SQLException e) {
        String state = e.getSQLState();
        if (state == null) {
            // pgjdbc reports an I/O failure on a dead connection without a state in a few paths
            return e.getCause() instanceof java.io.IOException;
        }
        return state.startsWith("08") || state.startsWith("53") || state.equals("40001") || state.equals("40P01")
                || state.equals("57P01") || state.equals("57P02") || state.equals("57P03") || state.equals("55P03")
                || state.equals("57014") || state.equals("55006");
    }

    /** Whether the error says the login was refused (wrong password, unknown role, no password supplied). */
    public static boolean isAuthentication(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.startsWith("28") || state.equals("08004"));
    }
}
