package io.copiste.function;

import io.copiste.sql.TableName;

import java.time.Instant;
import java.util.Objects;

/**
 * One committed change of a bound table, as delivered to a {@link Function}. Immutable.
 *
 * @param pipeline  the pipeline
 * @param binding   the binding that captured it
 * @param operation insert, update, delete or truncate
 * @param table     the table
 * @param oldRow    the row before (update, delete), else {@code null}
 * @param newRow    the row after (insert, update), else {@code null}
 * @param txid      the id of the transaction that made it
 * @param position  where it sits in the pipeline's stream
 * @param time      when the statement that made it started
 */
public record Change(String pipeline, String binding, Operation operation, TableName table, Row oldRow, Row newRow,
                     long txid, Position position, Instant time) {
    public Change {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(position, "position");
    }

    /** The row the change is about: the new row, or the old one for a delete; {@code null} for a truncate. */
    public Row row() {
        return newRow != null ? newRow : oldRow;
    }

    /**
     * A stable identifier of the change, the same on every redelivery: {@code pipeline:txid:event}. Use it as an
     * idempotency key.
     */
    public String id() {
        return pipeline + ":" + txid + ":" + position.event();
    }
}
