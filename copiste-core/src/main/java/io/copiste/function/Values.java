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
