package io.copiste.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.copiste.capture.LogicalStream;
import io.copiste.capture.Reader.Event;
import io.copiste.db.TableInfo;
import io.copiste.function.Change;
import io.copiste.function.DeliveredFunction;
import io.copiste.function.Function;
import io.copiste.function.Json;
import io.copiste.function.Operation;
import io.copiste.function.Position;
import io.copiste.function.Row;
import io.copiste.manifest.Binding;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One binding of a running pipeline: its function, its table's column types, and its stored position. */
final class BindingRuntime {
    final Binding binding;
    final Function function;
    final List<String> key;
    private final TableInfo table;
    private Position stored;
    private final Map<String, TableInfo.Column> columns = new LinkedHashMap<>();

    BindingRuntime(Binding binding, Function function, TableInfo table, Position stored) {
        this.binding = binding;
        this.table = table;
        this.function = function;
        this.key = binding.key().isEmpty() ? table.primaryKey() : binding.key();
        this.stored = stored;
        table.columns().forEach(c -> columns.put(c.name(), c));
    }

    /** The change an event stands for. */
    Change change(String pipeline, Event e, long batch) {
        return new Change(pipeline, binding.name(), Operation.ofCode(e.op()), binding.table(), row(e.oldJson()),
                row(e.newJson()), e.txid(), new Position(batch, e.id()), e.time());
    }

    private Row row(String json) {
        JsonNode node = Json.parse(json);
        return node == null ? null : new Row((ObjectNode) node, columns);
    }

    /**
     * The change a row message of logical capture stands for, or {@code null} when the binding does not capture it
     * (its operations, or an update that changed none of its columns).
     */
    Change change(String pipeline, LogicalStream.RowChange m, LogicalStream.Begin tx, Position position) {
        Operation op = Operation.ofCode(m.op());
        if (!binding.operations().contains(op)) {
            return null;
        }
        Layout l = layout(m.relation());
        String[] values = m.newValues();
        String[] old = m.oldValues();
        if (op == Operation.UPDATE && old != null && !m.oldIsKey() && unchanged(l.capturedIndexes, old, values)) {
            return null;
        }
        Row oldRow = null;
        if (op != Operation.INSERT) {
            // no old row from the server: an update that kept the key (replica identity default); the key is the new one
            oldRow = old != null ? row(l.oldColumns, l.oldIndexes, old, null) : row(l.keyColumns, l.keyIndexes, values, null);
        }
        Row newRow = op == Operation.DELETE ? null : row(l.captured, l.capturedIndexes, values, m.oldIsKey() ? null : old);
        return new Change(pipeline, binding.name(), op, binding.table(), oldRow, newRow, tx.xid(), position, tx.commitTime());
    }

    /** A truncate of the binding's table, or {@code null} if the binding does not capture truncates. */
    Change truncate(String pipeline, LogicalStream.Begin tx, Position position) {
        return binding.operations().contains(Operation.TRUNCATE) ? new Change(pipeline, binding.name(),
                Operation.TRUNCATE, binding.table(), null, null, tx.xid(), position, tx.commitTime()) : null;
    }

    private static boolean unchanged(int[] captured, String[] old, String[] values) {
        for (int i : captured) {
            if (i >= 0 && values[i] != LogicalStream.UNCHANGED && !java.util.Objects.equals(old[i], values[i])) {
                return false;
            }
        }
        return true;
    }

    /**
     * The row of the named columns, found at {@code indexes} in {@code values}, a TOASTed value not sent taken from
     * {@code fallback} (the old row); a column with no value either way (or no longer in the table) is absent.
     */
    private Row row(List<String> names, int[] indexes, String[] values, String[] fallback) {
        String[] texts = new String[indexes.length];
        int present = 0;
        for (int i = 0; i < indexes.length; i++) {
            int at = indexes[i];
            String v = at < 0 || at >= values.length ? LogicalStream.UNCHANGED : values[at];
            if (v == LogicalStream.UNCHANGED && fallback != null && at >= 0 && at < fallback.length) {
                v = fallback[at];
            }
            texts[i] = v;
            present += v == LogicalStream.UNCHANGED ? 0 : 1;
        }
        if (present == texts.length) {
            return Row.ofText(names, texts, columns);
        }
        List<String> kept = new ArrayList<>(present);
        String[] keptTexts = new String[present];
        for (int i = 0; i < texts.length; i++) {
            if (texts[i] != LogicalStream.UNCHANGED) {
                keptTexts[kept.size()] = texts[i];
                kept.add(names.get(i));
            }
        }
        return Row.ofText(List.copyOf(kept), keptTexts, columns);
    }

    /** Where the binding's columns sit in a relation's rows; made once per relation description. */
    private record Layout(List<String> captured, int[] capturedIndexes, List<String> oldColumns, int[] oldIndexes,
                          List<String> keyColumns, int[] keyIndexes) {
    }

    /** The table's latest description from the stream (sent again after a change of the table, or a reconnect). */
    private LogicalStream.Relation described;
    private Layout layout;

    private Layout layout(LogicalStream.Relation r) {
        if (r != described) {
            List<String> captured = binding.capturedColumns(table);
            List<String> oldColumns = ((DeliveredFunction) binding.function().definition()).needsOldRow() || key.isEmpty()
                    ? captured : key;
            layout = new Layout(captured, indexes(r, captured), oldColumns, indexes(r, oldColumns), key, indexes(r, key));
            described = r;
        }
        return layout;
    }

    private static int[] indexes(LogicalStream.Relation r, List<String> names) {
        return names.stream().mapToInt(n -> r.columns().indexOf(n)).toArray();
    }

    /** The bound table's oid. */
    long tableOid() {
        return table.oid();
    }

    /** Asks an exactly-once function again what its target holds (after a reconnect). */
    void refreshStored() throws Exception {
        stored = function.storedPosition();
    }

    /** Whether an exactly-once function's target already holds this change. */
    boolean alreadyApplied(Change change) {
        return stored != null && stored.covers(change.position());
    }

    /** The row's key as canonical JSON, for parking; {@code null} without a key or a row. */
    String keyOf(Row row) {
        if (row == null || key.isEmpty()) {
            return null;
        }
        return row.select(key).toString();
    }
}
