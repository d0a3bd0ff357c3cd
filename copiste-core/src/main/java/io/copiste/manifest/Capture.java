package io.copiste.manifest;

/**
 * How a pipeline captures the changes of its delivered bindings ({@code capture:} in the manifest). In-database
 * functions always run in a trigger.
 */
public enum Capture {
    /** Triggers write each change into the pipeline's queue inside the writing transaction (the default). */
    TRIGGER,
    /**
     * No trigger: the daemon reads the write-ahead log through a logical replication slot and the
     * {@code pgoutput} plugin (the server needs {@code wal_level = logical}).
     */
    LOGICAL
}
