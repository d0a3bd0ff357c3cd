package io.copiste.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A schema-qualified table name, as PostgreSQL stores it (case preserved, no quotes).
 *
 * <p>{@link #parse(String)} reads the form a user writes: {@code people}, {@code hr.people},
 * {@code "HR"."People"}. Unquoted parts are folded to lower case, as PostgreSQL does; quoted parts are kept as
 * written. The schema defaults to {@code public}.
 */
public record TableName(String schema, String name) implements Comparable<TableName> {
    public static final String DEFAULT_SCHEMA = "public";

    public TableName {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(name, "name");
        if (schema.isEmpty() || name.isEmpty()) {
            throw new IllegalArgumentException("empty schema or table name");
        }
    }

    public static TableName of(String schema, String name) {
        return new TableName(schema, name);
    }

    /**
     * Parses a possibly qualified, possibly quoted table name.
     *
     * @throws IllegalArgumentException with a message fit for a user if the text is not a table name
     */
    public static TableName parse(String text) {
        List<String> parts = splitQualified(text);
        if (parts.size() == 1) {
            return new TableName(DEFAULT_SCHEMA, parts.get(0));
        }
        if (parts.size() == 2) {
            return new TableName(parts.get(0), parts.get(1));
        }
        throw new IllegalArgumentException("'" + text + "' has " + parts.size()
                + " dotted parts; write table or schema.table");
    }

    /**
     * Splits {@code a.b."C.d"} into its parts, following PostgreSQL's rules: unquoted parts folded to lower
     * case, quoted parts kept, {@code ""} inside quotes is one quote.
     */
    public static List<String> splitQualified(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty name");
        }
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        boolean partWasQuoted = false;
        String s = text.strip();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < s.length() && s.charAt(i + 1) == '"') {
                        current.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    current.append(c);
                }
            } else if (c == '"') {
                if (!current.isEmpty()) {
                    throw new IllegalArgumentException("'" + text + "': a quote may only start a name part");
                }
                quoted = true;
                partWasQuoted = true;
            } else if (c == '.') {
                parts.add(finishPart(text, current, partWasQuoted));
                current.setLength(0);
                partWasQuoted = false;
            } else if (partWasQuoted) {
                throw new IllegalArgumentException("'" + text + "': unexpected '" + c + "' after a quoted name");
            } else if (Character.isWhitespace(c)) {
                throw new IllegalArgumentException("'" + text + "': spaces need quotes, as in \"my table\"");
            } else {
                current.append(Character.toLowerCase(c));
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("'" + text + "': unclosed quote");
        }
        parts.add(finishPart(text, current, partWasQuoted));
        return parts;
    }

    private static String finishPart(String text, StringBuilder part, boolean quoted) {
        if (part.isEmpty()) {
            throw new IllegalArgumentException("'" + text + "': empty name part");
        }
        return part.toString();
    }

    /** The quoted SQL form, {@code "schema"."name"}. */
    public String sql() {
        return Sql.ident(schema, name);
    }

    /** A readable form for messages: {@code schema.name}, quoted only where needed. */
    @Override
    public String toString() {
        return display(schema) + "." + display(name);
    }

    private static String display(String part) {
        return part.matches("[a-z_][a-z0-9_$]*") ? part : Sql.ident(part);
    }

    @Override
    public int compareTo(TableName o) {
        int c = schema.compareTo(o.schema);
        return c != 0 ? c : name.compareTo(o.name);
    }
}
