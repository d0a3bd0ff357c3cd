package io.copiste.function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.copiste.db.TableInfo.Column;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * Converts column values as PostgreSQL's {@code row_to_json} writes them into Java values and into copiste's
 * lossless JSON representation (see {@code docs/functions.md#values}). Stateless.
 */
final class Values {
    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);
    private static final DateTimeFormatter MICROS = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE).appendLiteral('T')
            .appendValue(ChronoField.HOUR_OF_DAY, 2).appendLiteral(':')
            .appendValue(ChronoField.MINUTE_OF_HOUR, 2).appendLiteral(':')
            .appendValue(ChronoField.SECOND_OF_MINUTE, 2)
            .appendFraction(ChronoField.MICRO_OF_SECOND, 6, 6, true)
            .toFormatter();

    private Values() {
    }

    /** The Java value of a column: see {@link Row#get}. */
    static Object java(JsonNode node, Column column) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (column != null && column.isArray()) {
            List<Object> out = new ArrayList<>();
            node.forEach(item -> out.add(scalar(item, column.element())));
            return out;
        }
        return scalar(node, column == null ? null : column.baseType());
    }

    private static Object scalar(JsonNode node, String type) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isArray()) {
            List<Object> out = new ArrayList<>();
            node.forEach(item -> out.add(scalar(item, type)));
            return out;
        }
        if (type == null) {
            return node.isValueNode() ? node.asText() : node;
        }
        try {
            return switch (type) {
                case "bool" -> node.asBoolean();
                case "int2", "int4" -> node.asInt();
                case "int8", "oid", "xid" -> node.asLong();
                case "numeric" -> node.isNumber() ? node.decimalValue() : node.asText();
                case "float4", "float8" -> node.isNumber() ? node.doubleValue() : Double.parseDouble(node.asText());
                case "uuid" -> UUID.fromString(node.asText());
                case "bytea" -> bytes(node.asText());
                case "date" -> LocalDate.parse(node.asText());
                case "timestamp" -> LocalDateTime.parse(node.asText());
                case "timestamptz" -> OffsetDateTime.parse(node.asText()).withOffsetSameInstant(ZoneOffset.UTC);
                case "time" -> LocalTime.parse(node.asText());
                case "timetz" -> OffsetTime.parse(node.asText());
                case "json", "jsonb" -> node;
                default -> node.isValueNode() ? node.asText() : node;
            };
        } catch (RuntimeException e) {
            // infinity dates, NaN numerics and other special values keep their text
            return node.asText();
        }
    }

    /** The lossless JSON of a column: see {@code docs/functions.md#values}. */
    static JsonNode lossless(JsonNode node, Column column) {
        if (node == null || node.isNull()) {
            return NODES.nullNode();
        }
        if (column != null && column.isArray()) {
            return losslessArray(node, column.element());
        }
        return losslessScalar(node, column == null ? null : column.baseType());
    }

    private static JsonNode losslessArray(JsonNode node, String element) {
        if (!node.isArray()) {
            return losslessScalar(node, element);
        }
        ArrayNode out = NODES.arrayNode();
        node.forEach(item -> out.add(losslessArray(item, element)));
        return out;
    }

    private static JsonNode losslessScalar(JsonNode node, String type) {
        if (node.isNull()) {
            return node;
        }
        if (type == null) {
            return node;
        }
        try {
            return switch (type) {
                case "numeric" -> NODES.textNode(node.isNumber() ? node.decimalValue().toPlainString() : node.asText());
                case "bytea" -> NODES.textNode(Base64.getEncoder().encodeToString(bytes(node.asText())));
                case "timestamptz" -> NODES.textNode(OffsetDateTime.parse(node.asText())
                        .withOffsetSameInstant(ZoneOffset.UTC).format(MICROS) + "Z");
                case "timestamp" -> NODES.textNode(LocalDateTime.parse(node.asText()).format(MICROS));
                case "bool", "int2", "int4", "int8", "oid", "float4", "float8", "json", "jsonb" -> node;
                default -> node.isValueNode() ? NODES.textNode(node.asText()) : node;
            };
        } catch (RuntimeException e) {
            return NODES.textNode(node.asText());
        }
    }

    /**
     * A column value in PostgreSQL's text output (as logical decoding sends it, written with {@code DateStyle ISO}
     * and {@code TimeZone UTC}) turned into the JSON {@code row_to_json} would have written, so that rows captured
     * from the write-ahead log and by triggers are the same: numbers and booleans as JSON, json as JSON, arrays as
     * JSON arrays, timestamps in ISO 8601 with a {@code T}, everything else as its text. {@code null} is SQL NULL.
     */
    static JsonNode fromText(String text, Column column) {
        if (text == null) {
            return NODES.nullNode();
        }
        if (column == null) {
            return NODES.textNode(text);
        }
        if (column.isArray()) {
            try {
                return new ArrayLiteral(text, column.element()).parse();
            } catch (RuntimeException e) {
                return NODES.textNode(text);
            }
        }
        return scalarFromText(text, column.baseType());
    }

    private static JsonNode scalarFromText(String text, String type) {
        try {
            return switch (type) {
                case "bool" -> NODES.booleanNode(text.equals("t"));
                case "int2", "int4", "int8", "oid" -> NODES.numberNode(Long.parseLong(text));
                case "numeric", "float4", "float8" -> Character.isDigit(text.charAt(text.length() - 1))
                        ? NODES.numberNode(new BigDecimal(text)) : NODES.textNode(text);
                case "json", "jsonb" -> Json.parse(text);
                case "timestamptz", "timestamp" -> NODES.textNode(isoDateTime(text));
                default -> NODES.textNode(text);
            };
        } catch (RuntimeException e) {
            return NODES.textNode(text);
        }
    }

    /** {@code 2024-01-02 03:04:05.6+00} as {@code row_to_json} writes it: {@code 2024-01-02T03:04:05.6+00:00}. */
    private static String isoDateTime(String text) {
        if (text.endsWith(" BC") || !Character.isDigit(text.charAt(0))) {
            return text;   // infinity, BC dates: as PostgreSQL writes them
        }
        String out = text.length() > 10 && text.charAt(10) == ' ' ? text.substring(0, 10) + 'T' + text.substring(11) : text;
        int n = out.length();
        boolean shortOffset = n > 3 && (out.charAt(n - 3) == '+' || out.charAt(n - 3) == '-')
                && Character.isDigit(out.charAt(n - 4));
        return shortOffset ? out + ":00" : out;
    }

    /** Reads PostgreSQL's array text output ({@code {1,2,NULL}}, {@code {{"a b",c},{d,e}}}) into JSON arrays. */
    private static final class ArrayLiteral {
        private final String text;
        private final String element;
        private int at;

        ArrayLiteral(String text, String element) {
            this.text = text;
            this.element = element;
        }

        JsonNode parse() {
            if (text.startsWith("[")) {
                at = text.indexOf('=') + 1;   // explicit bounds: [0:1]={…}
            }
            return array();
        }

        private ArrayNode array() {
            ArrayNode out = NODES.arrayNode();
            at++;   // the {
            if (text.charAt(at) == '}') {
                at++;
                return out;
            }
            while (true) {
                char c = text.charAt(at);
                if (c == '{') {
                    out.add(array());
                } else if (c == '"') {
                    out.add(scalarFromText(quoted(), element));
                } else {
                    int start = at;
                    while (text.charAt(at) != ',' && text.charAt(at) != '}') {
                        at++;
                    }
                    String item = text.substring(start, at);
                    out.add(item.equals("NULL") ? NODES.nullNode() : scalarFromText(item, element));
                }
                if (text.charAt(at++) == '}') {
                    return out;
                }
            }
        }

        private String quoted() {
            StringBuilder out = new StringBuilder();
            at++;
            while (text.charAt(at) != '"') {
                if (text.charAt(at) == '\\') {
                    at++;
                }
                out.append(text.charAt(at++));
            }
            at++;
            return out.toString();
        }
    }

    /** Decodes PostgreSQL's hex bytea output, {@code \x0102}. */
    static byte[] bytes(String text) {
        if (!text.startsWith("\\x")) {
            throw new IllegalArgumentException("not hex bytea output: " + text);
        }
        return HexFormat.of().parseHex(text, 2, text.length());
    }

    /** A plain-decimal text for any number; other values as text. */
    static String text(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isNumber()) {
            BigDecimal d = node.decimalValue();
            return node.isIntegralNumber() ? node.bigIntegerValue().toString() : d.toPlainString();
        }
        return node.isValueNode() ? node.asText() : node.toString();
    }
}
