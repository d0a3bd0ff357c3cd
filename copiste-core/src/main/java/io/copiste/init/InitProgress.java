package io.copiste.init;

/**
 * Hears how an init advances, for a progress bar or log lines. Called from the worker threads: implementations
 * must be thread-safe. Every method has an empty default.
 */
public interface InitProgress {
    InitProgress NONE = new InitProgress() {
    };

    /** A binding starts: its estimated rows (from the table's statistics) and how many chunks. */
    default void started(String binding, String table, long estimatedRows, int chunks) {
    }

    /** More rows of a binding were applied. */
    default void rows(String binding, long more) {
    }

    /** A binding's rows are all applied. */
    default void finished(String binding, long rows) {
    }

    /** A message worth telling the user (waiting for the daemon's batch, pruning, …). */
    default void note(String message) {
    }
}
