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
    private volatile ObjectNode values;
    private final List<String> names;
    private final String[] texts;
    private final Map<String, Column> columns;

    /**
     * @param values  the row as PostgreSQL's {@code row_to_json} wrote it
     * @param columns the table's columns by name (for types); a column missing here is read as text
     */
    public Row(ObjectNode values, Map<String, Column> columns) {
        this.values = values;
        this.names = null;
        this.texts = null;
        this.columns = columns;
    }

    private Row(List<String> names, String[] texts, Map<String, Column> columns) {
        this.names = names;
        this.texts = texts;
        this.columns = columns;
    }

    /**
     * A row from values in PostgreSQL's text output (logical decoding, written with {@code DateStyle ISO} and
     * {@code TimeZone UTC}); {@code null} is SQL NULL. Its JSON form, the same {@code row_to_json} would have
     * written, is made only when asked for: a function that writes text (jdbc.table's COPY) never needs it.
     *
     * @param names the captured columns, in table order
     * @param texts their values, in the same order
     */
    public static Row ofText(List<String> names, String[] texts, Map<String, Column> columns) {
        return new Row(names, texts, columns);
    }

    /** The captured columns, in table order. */
    public List<String> columns() {
        if (names != null) {
            return names;
        }
        List<String> out = new ArrayList<>();
        values.fieldNames().forEachRemaining(out::add);
        return out;
    }

    /** Whether the column was captured (its value may still be NULL). */
    public boolean has(String column) {
        return names != null ? names.contains(column) : values.has(column);
    }

    /**
     * The value as PostgreSQL's text input reads it (what COPY's text format carries), or {@code null} for NULL
     * or absent. Throws {@link IllegalArgumentException} for a value captured by a trigger as a JSON array or
     * object in a column that is not json (an array, a composite), which has no such text here.
     */
    public String sqlText(String column) {
        if (names != null) {
            int at = names.indexOf(column);
            return at < 0 ? null : texts[at];
        }
        JsonNode v = values.get(column);
        if (v == null || v.isNull()) {
            return null;
        }
        Column type = columns.get(column);
        boolean json = type != null && !type.isArray() && (type.baseType().equals("json") || type.baseType().equals("jsonb"));
        if (json) {
            return v.toString();   // a JSON string stays quoted: json's text of "abc" is "abc", quotes included
        }
        if (v.isContainerNode()) {
            throw new IllegalArgumentException("column " + column + " holds " + v.getNodeType() + " JSON");
        }
        return Values.text(v);
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
        return Values.java(raw().get(column), columns.get(column));
    }

    /**
     * The value as text: strings as they are, numbers in plain decimal, booleans {@code true}/{@code false},
     * timestamps in ISO 8601, bytea as {@code \x…} hex, json as compact JSON. NULL or absent: {@code null}.
     */
    public String text(String column) {
        return Values.text(raw().get(column));
    }

    /** The row in copiste's lossless JSON representation (numeric as exact strings, bytea base64, …). */
    public ObjectNode json() {
        ObjectNode out = Json.MAPPER.createObjectNode();
        raw().fields().forEachRemaining(e -> out.set(e.getKey(), Values.lossless(e.getValue(), columns.get(e.getKey()))));
        return out;
    }

    /** The row as {@code row_to_json} wrote it (or would have, for a row from logical decoding). Do not modify. */
    public ObjectNode raw() {
        ObjectNode v = values;
        if (v == null) {
            v = Json.MAPPER.createObjectNode();
            for (int i = 0; i < names.size(); i++) {
                v.set(names.get(i), Values.fromText(texts[i], columns.get(names.get(i))));
            }
            values = v;   // the same every time: a race only builds it twice
        }
        return v;
    }

    /** The listed columns' values as a JSON object, in the given order (absent columns as null). */
    public ObjectNode select(List<String> names) {
        ObjectNode out = Json.MAPPER.createObjectNode();
        for (String name : names) {
            JsonNode v = raw().get(name);
            out.set(name, Values.lossless(v, columns.get(name)));
        }
        return out;
    }

    /** Every captured column's Java value, in table order. */
    public Map<String, Object> asMap() {
        Map<String, Object> out = new LinkedHashMap<>();
        columns().forEach(name -> out.put(name, get(name)));
        return Collections.unmodifiableMap(out);
    }

    @Override
    public String toString() {
        return raw().toString();
    }
}
