package io.copiste.slony;

import io.copiste.ErrorCode;

import java.sql.SQLException;

/**
 * Turns database errors into {@link SlonyException}s that name the node, keep the SQLSTATE and the server's message,
 * and say what to do. The class of failure is decided by SQLSTATE, never by message text.
 */
final class Failures {
    private Failures() {
    }

    /** A failure to open the management connection. */
    static SlonyException connect(Node node, String action, SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String where = "node " + node.id() + " (" + node.admin().describe() + ")";
        String reason = SlonyException.firstLine(e.getMessage());
        if (state.startsWith("28")) {
            return new SlonyException(ErrorCode.CANNOT_CONNECT, node.id(), "cannot log in to " + where + ": " + reason,
                    "check the user and password of node " + node.id() + "'s admin conninfo "
                            + "(password=${env:NAME}), PGPASSWORD or ~/.pgpass; nothing was changed", e);
        }
        if (state.equals("3D000")) {
            return new SlonyException(ErrorCode.CANNOT_CONNECT, node.id(), "cannot connect to " + where + ": "
                    + reason, "create the database, or fix dbname in node " + node.id() + "'s admin conninfo", e);
        }
        return new SlonyException(ErrorCode.CANNOT_CONNECT, node.id(), "cannot connect to " + where + " to "
                + action + ": " + reason, "check that PostgreSQL runs there and accepts TCP connections, and node "
                + node.id() + "'s admin conninfo; nothing was changed", e);
    }

    /** A statement failed inside an operation's transaction, which was rolled back. */
    static SlonyException of(Node node, String action, SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String where = "node " + node.id();
        String reason = SlonyException.firstLine(e.getMessage());
        if (state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03")) {
            return new SlonyException(ErrorCode.CANNOT_CONNECT, node.id(), where + ": lost the connection while "
                    + "trying to " + action + ": " + reason, "check that PostgreSQL runs on " + where
                    + ", then run the operation again; its transaction was not committed", e);
        }
        if (state.equals("55P03") || state.equals("40P01")) {
            return new SlonyException(ErrorCode.DATABASE_NOT_READY, node.id(), where + ": could not " + action
                    + ": " + reason + "; nothing was changed", "a long transaction holds a lock Slony needs: "
                    + "let it finish, then run the operation again", e);
        }
        return new SlonyException(ErrorCode.DATABASE_NOT_READY, node.id(), where + ": could not " + action + ": "
                + reason + "; nothing was changed", "see the server's message above; 'copiste slony status' "
                + "shows the cluster as this node sees it", e);
    }

    /** A check copiste makes before touching anything. */
    static SlonyException refused(int node, String message, String hint) {
        return new SlonyException(ErrorCode.DATABASE_NOT_READY, node, message, hint);
    }
}
