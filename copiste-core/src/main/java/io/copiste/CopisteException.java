package io.copiste;

import java.sql.SQLException;
import java.util.Objects;

/**
 * The one unchecked exception copiste throws. It carries an {@link ErrorCode} (which maps to the CLI's exit code),
 * a message that names the object and the problem, and an optional hint that says what to do.
 *
 * <p>When the cause is an {@link SQLException} its SQLSTATE is kept and available from {@link #sqlState()}.
 */
public class CopisteException extends RuntimeException {
    private final ErrorCode code;
    private final String hint;
    private final String sqlState;

    public CopisteException(ErrorCode code, String message) {
        this(code, message, null, null);
    }

    public CopisteException(ErrorCode code, String message, String hint) {
        this(code, message, hint, null);
    }

    public CopisteException(ErrorCode code, String message, String hint, Throwable cause) {
        super(Objects.requireNonNull(message, "message"), cause);
        this.code = Objects.requireNonNull(code, "code");
        this.hint = hint;
        this.sqlState = cause instanceof SQLException s ? s.getSQLState() : null;
    }

    /** The class of failure. */
    public ErrorCode code() {
        return code;
    }

    /** What the user can do about it, or {@code null}. */
    public String hint() {
        return hint;
    }

    /** The SQLSTATE of the underlying database error, or {@code null}. */
    public String sqlState() {
        return sqlState;
    }
}
