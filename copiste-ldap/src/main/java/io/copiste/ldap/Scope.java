package io.copiste.ldap;

import io.copiste.function.Change;
import io.copiste.function.Row;

import java.util.HashMap;
import java.util.Map;

/**
 * The values a template or a bound query can refer to: the row's columns (and a join's result columns, which take
 * precedence), {@code new.}/{@code old.} columns and the change's names. Immutable.
 *
 * @param values column values by name (Java values as {@link Row#get} gives them); NULL values may be present
 * @param change the change, or {@code null} (prune, tests)
 */
record Scope(Map<String, Object> values, Change change) {
    /** The scope of one row of a change. */
    static Scope of(Row row, Change change) {
        return new Scope(row == null ? Map.of() : new HashMap<>(row.asMap()), change);
    }

    /** This scope with a join result's columns added (they win over the row's of the same name). */
    Scope with(Map<String, Object> more) {
        Map<String, Object> merged = new HashMap<>(values);
        merged.putAll(more);
        return new Scope(merged, change);
    }

    /** Whether the column is known here (a NULL value counts as known). */
    boolean has(String column) {
        return values.containsKey(column);
    }

    /** The value of a placeholder source ({@code row}, {@code new}, {@code old}) and column. */
    Object value(String source, String column) {
        return switch (source) {
            case "new" -> change == null || change.newRow() == null ? null : change.newRow().get(column);
            case "old" -> change == null || change.oldRow() == null ? null : change.oldRow().get(column);
            default -> values.get(column);
        };
    }

    /** The value of a word placeholder ({@code op}, {@code table}, {@code binding}, {@code pipeline}). */
    String word(String word) {
        if (change == null) {
            return null;
        }
        return switch (word) {
            case "op" -> change.operation().manifestName();
            case "table" -> change.table() == null ? null : change.table().toString();
            case "binding" -> change.binding();
            case "pipeline" -> change.pipeline();
            default -> null;
        };
    }
}
