package io.copiste.ldap;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;

/**
 * Turns column values ({@link io.copiste.function.Row#get} Java values, or JDBC results of lookups) into LDAP
 * attribute values. NULL is no value at all (never the text "None" or "null"); booleans are {@code TRUE} /
 * {@code FALSE} (the LDAP Boolean syntax); numbers their plain decimal text; bytea a binary value; arrays one value
 * per non-NULL element; everything else its canonical text. Stateless.
 */
final class LdapValues {
    private LdapValues() {
    }

    /** The attribute values of a column value: empty for NULL, one per element for arrays. */
    static List<byte[]> values(Object value) {
        List<byte[]> out = new ArrayList<>();
        add(value, out);
        return out;
    }

    private static void add(Object value, List<byte[]> out) {
        if (value == null) {
            return;
        }
        if (value instanceof byte[] b) {
            out.add(b);
        } else if (value instanceof Collection<?> c) {
            c.forEach(item -> add(item, out));
        } else if (value instanceof java.sql.Array a) {
            try {
                for (Object item : (Object[]) a.getArray()) {
                    add(item, out);
                }
            } catch (java.sql.SQLException e) {
                throw new IllegalArgumentException("cannot read an array value: " + e.getMessage(), e);
            }
        } else if (value instanceof Object[] arr) {
            Arrays.stream(arr).forEach(item -> add(item, out));
        } else if (value instanceof JsonNode j && j.isArray()) {
            j.forEach(item -> add(item.isValueNode() ? item.asText() : item.toString(), out));
        } else {
            out.add(text(value).getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * The text of one value as it appears in a template or a single-valued attribute; {@code null} for NULL.
     * Binary values are written as PostgreSQL writes bytea ({@code \x…}).
     */
    static String text(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Boolean b) {
            return b ? "TRUE" : "FALSE";
        }
        if (value instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                return Double.isNaN(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity";
            }
            return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
        }
        if (value instanceof byte[] b) {
            return "\\x" + HexFormat.of().formatHex(b);
        }
        if (value instanceof java.sql.Timestamp t) {
            return t.toLocalDateTime().toString();
        }
        if (value instanceof JsonNode j) {
            return j.isValueNode() ? j.asText() : j.toString();
        }
        if (value instanceof java.sql.Array || value instanceof Collection<?>) {
            List<String> parts = new ArrayList<>();
            values(value).forEach(v -> parts.add(new String(v, StandardCharsets.UTF_8)));
            return String.join(",", parts);
        }
        return value.toString();
    }

    /** A value as UTF-8 bytes. */
    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
