package io.copiste.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.copiste.capture.Reader.Event;
import io.copiste.db.TableInfo;
import io.copiste.function.Change;
import io.copiste.function.Function;
import io.copiste.function.Json;
import io.copiste.function.Operation;
import io.copiste.function.Position;
import io.copiste.function.Row;
import io.copiste.manifest.Binding;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One binding of a running pipeline: its function, its table's column types, and its stored position. */
final class BindingRuntime {
    final Binding binding;
    final Function function;
    final List<String> key;
    private Position stored;
    private final Map<String, TableInfo.Column> columns = new LinkedHashMap<>();

    BindingRuntime(Binding binding, Function function, TableInfo table, Position stored) {
        this.binding = binding;
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
