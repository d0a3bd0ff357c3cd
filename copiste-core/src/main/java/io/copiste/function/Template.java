package io.copiste.function;

import io.copiste.sql.Sql;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A message template such as {@code "user {login} changed ({op})"}.
 *
 * <p>Placeholders: {@code {column}} (the row's value: the new row, or the old one for a delete),
 * {@code {new.column}}, {@code {old.column}}, {@code {op}}, {@code {table}}, {@code {binding}},
 * {@code {pipeline}}. {@code {{} and {@code }}} write literal braces. A column name that needs quoting is written
 * as in SQL: {@code {"Full Name"}}. NULL values print as {@code NULL}. Immutable.
 */
public final class Template {
    /** One piece of a template. */
    public sealed interface Part permits Text, Field {
    }

    /** Literal text. */
    public record Text(String text) implements Part {
    }

    /**
     * A placeholder.
     *
     * @param source {@code row}, {@code new}, {@code old}, or one of {@code op table binding pipeline}
     * @param column the column for row/new/old, else {@code null}
     */
    public record Field(String source, String column) implements Part {
    }

    private static final Set<String> WORDS = Set.of("op", "table", "binding", "pipeline");

    private final String text;
    private final List<Part> parts;

    private Template(String text, List<Part> parts) {
        this.text = text;
        this.parts = List.copyOf(parts);
    }

    /**
     * Parses a template.
     *
     * @throws IllegalArgumentException with a message fit for a user
     */
    public static Template parse(String text) {
        List<Part> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '{' && i + 1 < text.length() && text.charAt(i + 1) == '{') {
                literal.append('{');
                i++;
            } else if (c == '}' && i + 1 < text.length() && text.charAt(i + 1) == '}') {
                literal.append('}');
                i++;
            } else if (c == '}') {
                throw new IllegalArgumentException("unmatched '}' at position " + (i + 1) + "; write '}}' for a brace");
            } else if (c == '{') {
                int end = closingBrace(text, i);
                if (end < 0) {
                    throw new IllegalArgumentException("unclosed '{' at position " + (i + 1));
                }
                if (!literal.isEmpty()) {
                    parts.add(new Text(literal.toString()));
                    literal.setLength(0);
                }
                parts.add(field(text.substring(i + 1, end).strip()));
                i = end;
            } else {
                literal.append(c);
            }
        }
        if (!literal.isEmpty()) {
            parts.add(new Text(literal.toString()));
        }
        return new Template(text, parts);
    }

    private static int closingBrace(String text, int open) {
        boolean quoted = false;
        for (int j = open + 1; j < text.length(); j++) {
            char c = text.charAt(j);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == '}' && !quoted) {
                return j;
            }
        }
        return -1;
    }

    private static Field field(String inside) {
        if (inside.isEmpty()) {
            throw new IllegalArgumentException("empty placeholder '{}'; write '{{}}' for literal braces");
        }
        if (WORDS.contains(inside)) {
            return new Field(inside, null);
        }
        List<String> names;
        try {
            names = io.copiste.sql.TableName.splitQualified(inside);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("placeholder {" + inside + "}: " + e.getMessage());
        }
        if (names.size() == 1) {
            return new Field("row", names.get(0));
        }
        if (names.size() == 2 && (names.get(0).equals("new") || names.get(0).equals("old"))) {
            return new Field(names.get(0), names.get(1));
        }
        throw new IllegalArgumentException("unknown placeholder {" + inside + "}; use {column}, {new.column}, "
                + "{old.column}, {op}, {table}, {binding} or {pipeline}");
    }

    public List<Part> parts() {
        return parts;
    }

    /** The columns the template refers to. */
    public Set<String> columns() {
        Set<String> out = new LinkedHashSet<>();
        for (Part p : parts) {
            if (p instanceof Field f && f.column() != null) {
                out.add(f.column());
            }
        }
        return out;
    }

    /** The template as a PL/pgSQL text expression: a {@code format()} call over the trigger's variables. */
    public String plpgsql(TriggerContext context) {
        StringBuilder format = new StringBuilder();
        List<String> args = new ArrayList<>();
        for (Part p : parts) {
            if (p instanceof Text t) {
                format.append(t.text().replace("%", "%%"));
            } else if (p instanceof Field f) {
                format.append("%s");
                args.add(switch (f.source()) {
                    case "op" -> context.operation();
                    case "table" -> context.tableLiteral();
                    case "binding" -> Sql.literal(context.binding());
                    case "pipeline" -> Sql.literal(context.pipeline());
                    case "new" -> "coalesce(" + context.newColumn(f.column()) + ", 'NULL')";
                    case "old" -> "coalesce(" + context.oldColumn(f.column()) + ", 'NULL')";
                    default -> "coalesce(" + context.column(f.column()) + ", 'NULL')";
                });
            }
        }
        StringBuilder sql = new StringBuilder("format(").append(Sql.literal(format.toString()));
        for (String arg : args) {
            sql.append(", ").append(arg);
        }
        return sql.append(')').toString();
    }

    @Override
    public String toString() {
        return text;
    }
}
