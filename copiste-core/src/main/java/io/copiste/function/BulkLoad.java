package io.copiste.function;

import java.util.List;

/**
 * Implemented by a {@link Function} that can load {@code copiste init}'s rows in bulk, straight from the source's
 * {@code COPY … TO STDOUT} (text format), instead of one {@link Change} at a time. Init uses it for a chunk when
 * {@link #bulkColumns} is not null and no {@code --prune} needs each row's identity. The rows are the same as the
 * snapshot changes would be: the binding's {@code when} holds, only captured columns are read.
 */
public interface BulkLoad {
    /**
     * The source-side select list, in the order {@link #load} expects the COPY columns: SQL expressions over the
     * source row, which is named {@code "new"} (e.g. {@code "new"."id"}, or a literal). {@code null} when this
     * function cannot load in bulk (then init sends changes).
     */
    List<String> bulkColumns();

    /** Loads every row the source yields, returns how many; the rows are durable after {@link Function#flush}. */
    long load(CopySource source) throws Exception;

    /** The source's COPY output, one row at a time. */
    interface CopySource {
        /** The next row in COPY text format (with its newline), or {@code null} at the end. */
        byte[] read() throws Exception;
    }
}
