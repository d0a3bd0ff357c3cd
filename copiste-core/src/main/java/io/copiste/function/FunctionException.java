package io.copiste.function;

/**
 * A function's failure, saying whether retrying may help. Retryable failures (target down, timeout, busy) are
 * retried with capped exponential backoff while the pipeline waits; permanent ones (bad data for the target)
 * follow the binding's {@code onError} policy: stop the pipeline, or park the change in the dead-letter table.
 *
 * <p>Functions may throw other exceptions too: {@link java.io.IOException} and connection-class
 * {@link java.sql.SQLException}s count as retryable, everything else as permanent.
 */
public class FunctionException extends Exception {
    private final boolean retryable;
    private final Change change;

    public FunctionException(String message, boolean retryable, Throwable cause) {
        this(message, retryable, null, cause);
    }

    /** A failure of one identified change. */
    public FunctionException(String message, boolean retryable, Change change, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
        this.change = change;
    }

    public static FunctionException retryable(String message, Throwable cause) {
        return new FunctionException(message, true, cause);
    }

    public static FunctionException permanent(String message, Throwable cause) {
        return new FunctionException(message, false, cause);
    }

    public boolean retryable() {
        return retryable;
    }

    /** The change that failed, when the function knows it; else {@code null}. */
    public Change change() {
        return change;
    }
}
