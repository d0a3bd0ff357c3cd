package io.copiste.function;

/**
 * A function that runs outside the database: changes are captured into the pipeline's queue in the writing
 * transaction and delivered to it by {@code copiste run} after commit. A target outage delays delivery, never the
 * application's writes.
 */
public interface DeliveredFunction extends FunctionDefinition {
    /** Starts the function for one binding of a running pipeline. */
    Function open(FunctionContext context) throws Exception;

    /**
     * Whether the function needs the whole old row of updates and deletes ({@link Change#oldRow()}); when false,
     * only the key columns are captured for it, which makes capture cheaper. Default true.
     */
    default boolean needsOldRow() {
        return true;
    }

    /** Whether the function needs a key (primary key or the binding's {@code key}) to identify rows. */
    default boolean requiresKey() {
        return false;
    }
}
