package io.copiste.function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.copiste.db.TableInfo.Column;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The captured columns of a row, as they were when the change happened. Immutable and thread-safe.
 *
 * <p>{@link #get} gives Java values by column type; {@link #text} the value as text; {@link #json()} copiste's
 * lossless JSON representation. A column that was not captured is <em>absent</em> ({@link #has} is false),
 * which is not the same as NULL.
 */
public final class Row {
    private final ObjectNode values;
    private final Map<String, Column> columns;

    /**
     * @param values  the row as PostgreSQL's {@code row_to_json} wrote it
     * @param columns the table's columns by name (for types); a column missing here is read as text
     */
    public Row(ObjectNode values, Map<String, Column> columns) {
        this.values = values;
        this.columns = columns;
    }

    /**
     * A column value given as PostgreSQL's text output (logical decoding, with {@code DateStyle ISO} and
     * {@code TimeZone UTC}), as {@code row_to_json} would have written it; {@code null} is SQL NULL.
     */
    public static JsonNode valueOfText(String text, Column column) {
        return Values.fromText(text, column);
    }

    /** The captured columns, in table order. */
    public List<String> columns() {
        List<String> out = new ArrayList<>();
        values.fieldNames().forEachRemaining(out::add);
        return out;
    }

    /** Whether the column was captured (its value may still be NULL). */
    public boolean has(String column) {
        return values.has(column);
    }

    /**
     * The value as a Java object, by the column's type: {@code Boolean}; {@code Integer} (int2, int4);
     * {@code Long} (int8); {@code BigDecimal} (numeric; {@code "NaN"} and infinities as String); {@code Double}
     * (float4, float8); {@code UUID}; {@code byte[]} (bytea); {@code LocalDate}, {@code LocalDateTime},
     * {@code OffsetDateTime} in UTC (timestamptz), {@code LocalTime}, {@code OffsetTime}; {@code JsonNode}
     * (json, jsonb, composite types); {@code List} for arrays; {@code String} for everything else (text, enums,
     * intervals, …, and special values such as {@code infinity}). NULL or absent: {@code null}.
     */
    public Object get(String column) {
        return Values.java(values.get(column), columns.get(column));
    }

    /**
     * The value as text: strings as they are, numbers in plain decimal, booleans {@code true}/{@code false},
     * timestamps in ISO 8601, bytea as {@code \x…} hex, json as compact JSON. NULL or absent: {@code null}.
     */
    public String text(String column) {
        return Values.text(values.get(column));
    }

    /** The row in copiste's lossless JSON representation (numeric as exact strings, bytea base64, …). */
    public ObjectNode json() {
        ObjectNode out = Json.MAPPER.createObjectNode();
        values.fields().forEachRemaining(e -> out.set(e.getKey(), Values.lossless(e.getValue(), columns.get(e.getKey()))));
        return out;
    }

    /** The row as {@code row_to_json} wrote it. Do not modify. */
    public ObjectNode raw() {
        return values;
    }

    /** The listed columns' values as a JSON object, in the given order (absent columns as null). */
    public ObjectNode select(List<String> names) {
        ObjectNode out = Json.MAPPER.createObjectNode();
        for (String name : names) {
            JsonNode v = values.get(name);
            out.set(name, Values.lossless(v, columns.get(name)));
        }
        return out;
    }

    /** Every captured column's Java value, in table order. */
    public Map<String, Object> asMap() {
        Map<String, Object> out = new LinkedHashMap<>();
        values.fieldNames().forEachRemaining(name -> out.put(name, get(name)));
        return Collections.unmodifiableMap(out);
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
