package io.copiste.function;

import java.util.List;

/**
 * A running function of one binding, receiving committed changes after commit, in order, from
 * {@code copiste run}.
 *
 * <p>Contract:
 * <ul>
 *   <li>{@link #apply} is called from one thread at a time, with changes of this binding in commit order (two
 *       changes of one row always in the order their transactions committed).</li>
 *   <li>Delivery is <em>at least once</em>: after a crash, changes since the last {@link #flush} may come again.
 *       Built-in functions are idempotent so that redelivery converges. A function that stores the position
 *       in its target, in the same transaction as the data, and returns it from {@link #storedPosition()}, is
 *       never given a change its position covers: exactly once.</li>
 *   <li>A failure is signalled by throwing; see {@link FunctionException} for retry and park semantics. A
 *       retried {@code apply} receives the same changes again.</li>
 *   <li>{@link #flush} is called at the end of every sub-batch, with the position reached; after it returns,
 *       copiste records that position and will not deliver those changes again (unless the function is not
 *       exactly-once and copiste crashes before recording).</li>
 * </ul>
 */
public interface Function extends AutoCloseable {
    /** Applies changes, in order. May buffer; {@link #flush} makes them durable. */
    void apply(List<Change> changes) throws Exception;

    /** Makes everything applied so far durable, recording {@code reached} if the function stores positions. */
    default void flush(Position reached) throws Exception {
    }

    /**
     * Whether this function's effects are independent of other bindings' changes, so the engine may hand it all its
     * changes of a sub-batch in one call instead of in runs interleaved, in global commit order, with the other
     * bindings' changes. Its own changes always keep their order. {@code jdbc.table} is independent (each binding
     * writes its own table in its own transaction); the default, {@code false}, keeps the global order, which
     * functions sharing a target need (an LDAP entry is created before a value is added to it).
     */
    default boolean independent() {
        return false;
    }

    /** The position stored in the target by an exactly-once function, or {@code null} (the default). */
    default Position storedPosition() throws Exception {
        return null;
    }

    /** Releases connections and files. Called once, after the last flush. */
    @Override
    default void close() throws Exception {
    }
}
