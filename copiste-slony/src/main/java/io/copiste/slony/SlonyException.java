package io.copiste.slony;

import io.copiste.CopisteException;
import io.copiste.ErrorCode;

/**
 * A Slony operation failed. Besides the {@link ErrorCode}, message and hint of every {@link CopisteException}, it
 * names the node where it failed ({@code 0} when no single node is to blame) and keeps the server's own message
 * (with the SQLSTATE available from {@link #sqlState()}), so a driver can decide what to do next.
 *
 * <p>Unless the message says otherwise, the failed operation changed nothing: its transaction was rolled back.
 */
public final class SlonyException extends CopisteException {
    private final int node;
    private final String serverMessage;

    public SlonyException(ErrorCode code, int node, String message, String hint, Throwable cause) {
        super(code, message, hint, cause);
        this.node = node;
        this.serverMessage = cause instanceof java.sql.SQLException s ? firstLine(s.getMessage()) : null;
    }

    public SlonyException(ErrorCode code, int node, String message, String hint) {
        this(code, node, message, hint, null);
    }

    /** The node the failure happened on, or {@code 0}. */
    public int node() {
        return node;
    }

    /** The database server's message (first line, without "ERROR: "), or {@code null}. */
    public String serverMessage() {
        return serverMessage;
    }

    static String firstLine(String message) {
        if (message == null) {
            return "no reason given";
        }
        int nl = message.indexOf('\n');
        String line = nl < 0 ? message : message.substring(0, nl);
        return line.replaceFirst("^(ERROR|FATAL): ", "");
    }
}
