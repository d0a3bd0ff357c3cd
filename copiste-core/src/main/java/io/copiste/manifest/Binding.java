package io.copiste.manifest;

import io.copiste.function.Operation;
import io.copiste.sql.TableName;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A capture on a table bound to a function.
 *
 * @param name       unique within the pipeline
 * @param table      the captured table
 * @param operations which operations are captured (default insert, update, delete)
 * @param columns    capture only these columns (plus the key); empty means every column
 * @param key        the columns that identify a row; empty means the table's primary key
 * @param when       an SQL condition on NEW/OLD evaluated in the trigger, or {@code null}
 * @param function   what is done with each change
 * @param onError    what {@code copiste run} does when the function fails permanently on a change
 * @param location   where the binding was written
 */
public record Binding(String name, TableName table, Set<Operation> operations, List<String> columns,
                      List<String> key, String when, FunctionSpec function, OnError onError, Location location) {
    /** What to do when a delivered function fails permanently on a change. */
    public enum OnError {
        /** Stop the pipeline (the default): nothing is skipped, an operator decides. */
        STOP,
        /** Set the change aside in the dead-letter table (with later changes of the same row) and go on. */
        PARK
    }

    /** The operations captured when a binding does not say. */
    public static final Set<Operation> DEFAULT_OPERATIONS =
            Set.copyOf(EnumSet.of(Operation.INSERT, Operation.UPDATE, Operation.DELETE));

    public Binding {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(function, "function");
        onError = onError == null ? OnError.STOP : onError;
        operations = operations.isEmpty() ? DEFAULT_OPERATIONS : Set.copyOf(operations);
        columns = List.copyOf(columns);
        key = List.copyOf(key);
    }

    /** The key columns on this table: the binding's {@code key}, else the table's primary key (may be empty). */
    public List<String> keyOn(io.copiste.db.TableInfo table) {
        return key.isEmpty() ? table.primaryKey() : key;
    }

    /** The captured columns on this table: {@code columns} plus the key, in table order; every column if none listed. */
    public List<String> capturedColumns(io.copiste.db.TableInfo table) {
        if (columns.isEmpty()) {
            return table.columnNames();
        }
        java.util.Set<String> wanted = new java.util.LinkedHashSet<>(columns);
        wanted.addAll(keyOn(table));
        return table.columnNames().stream().filter(wanted::contains).toList();
    }

    /** What a function of this binding is told when it starts (or is checked). */
    public io.copiste.function.FunctionContext context(String pipeline, io.copiste.db.TableInfo table,
                                                       java.util.function.Supplier<java.sql.Connection> source) {
        return new io.copiste.function.FunctionContext(pipeline, name, table, keyOn(table), capturedColumns(table),
                source);
    }

    /** Whether the function runs outside the database, fed by the queue and {@code copiste run}. */
    public boolean delivered() {
        return function.definition() instanceof io.copiste.function.DeliveredFunction;
    }

    /** Whether the binding captures row-level operations (insert, update or delete). */
    public boolean capturesRows() {
        return operations.stream().anyMatch(op -> op != Operation.TRUNCATE);
    }

    /** The binding's definition as plain values, as stored in the catalog (secrets stay references). */
    public Map<String, Object> definition() {
        Map<String, Object> fn = new java.util.LinkedHashMap<>(function.settings());
        fn.put("type", function.type());
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        out.put("table", table.schema() + "." + table.name());
        out.put("on", operations.stream().sorted().map(Operation::manifestName).toList());
        out.put("columns", columns);
        out.put("key", key);
        out.put("when", when);
        out.put("function", fn);
        if (delivered()) {
            out.put("onError", onError.name().toLowerCase(java.util.Locale.ROOT));
        }
        return out;
    }

    /** The definition as canonical JSON (sorted keys): what the catalog stores and hashes. */
    public String definitionJson() {
        return Nodes.toJson(definition()).toString();
    }
}
