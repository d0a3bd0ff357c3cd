package io.copiste.function.jdbc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.copiste.function.Json;
import io.copiste.function.Row;

import java.util.List;

/**
 * How a source row becomes a target row: the target table, its columns (each from a source column, a constant,
 * or an SQL expression the target evaluates), the key, and the delete and truncate policies. Immutable.
 *
 * @param table      the target table's name parts ({@code [schema, table]} or {@code [table]})
 * @param columns    every target column written
 * @param key        the target key columns (empty: append-only, for tables without a key)
 * @param onDelete   what a delete does
 * @param soft       the soft-delete column and its value, for {@code onDelete: soft}
 * @param onTruncate what a truncate does
 */
record Mapping(List<String> table, List<Column> columns, List<String> key, OnDelete onDelete, Column soft,
               OnTruncate onTruncate) {
    enum OnDelete { DELETE, SOFT, IGNORE }

    enum OnTruncate { PROPAGATE, IGNORE, FAIL }

    /**
     * A target column.
     *
     * @param target   its name in the target
     * @param source   the source column it takes, or {@code null}
     * @param constant a constant value, or {@code null}
     * @param sql      an SQL expression evaluated by the target, or {@code null}
     */
    record Column(String target, String source, JsonNode constant, String sql) {
        boolean fromRow() {
            return sql == null;
        }
    }

    /**
     * This mapping without the source columns the row lacks (an update from logical capture does not carry a TOASTed
     * value it left unchanged): an upsert must leave such a column as the target has it, not set it to NULL.
     */
    Mapping presentIn(Row row) {
        if (columns.stream().allMatch(c -> c.source() == null || row.has(c.source()))) {
            return this;
        }
        List<Column> kept = new java.util.ArrayList<>(columns.size());
        for (Column c : columns) {
            if (c.source() == null || row.has(c.source())) {
                kept.add(c);
            }
        }
        return new Mapping(table, List.copyOf(kept), key, onDelete, soft, onTruncate);
    }

    Column column(String target) {
        for (Column c : columns) {
            if (c.target().equals(target)) {
                return c;
            }
        }
        throw new java.util.NoSuchElementException(target);
    }

    /** The row under target names, values as row_to_json wrote them (constants included, SQL columns not). */
    ObjectNode targetRow(Row row) {
        ObjectNode out = Json.MAPPER.createObjectNode();
        for (Column c : columns) {
            if (c.source() != null) {
                JsonNode v = row.raw().get(c.source());
                out.set(c.target(), v == null ? Json.MAPPER.nullNode() : v);
            } else if (c.constant() != null) {
                out.set(c.target(), c.constant());
            }
        }
        return out;
    }

    /**
     * The key's values as one string, to collapse the changes of one key within a call: cheaper than
     * {@link #identity}, and the same for the same key in one pipeline.
     */
    String netKey(Row row) {
        try {
            if (key.size() == 1) {
                String t = row.sqlText(column(key.get(0)).source());
                return t == null ? "\0" : t;
            }
            StringBuilder out = new StringBuilder();
            for (String k : key) {
                String t = row.sqlText(column(k).source());
                out.append(t == null ? "\0" : t).append('\0');
            }
            return out.toString();
        } catch (IllegalArgumentException e) {
            return identity(row);   // a key column holding an array or a composite
        }
    }

    /** The key's values under target names, as a canonical JSON array (the identity used by prune). */
    String identity(Row row) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        for (String k : key) {
            JsonNode v = row.raw().get(column(k).source());
            out.add(v == null || v.isNull() ? null : v.asText());
        }
        return out.toString();
    }
}
