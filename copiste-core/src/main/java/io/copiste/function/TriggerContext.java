package io.copiste.function;

import io.copiste.db.TableInfo;
import io.copiste.sql.Sql;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * What an {@link InDatabaseFunction} renders against: the binding, its table, the captured columns, and whether
 * the code runs for each row or once for a statement (a truncate).
 *
 * <p>The helpers render SQL expressions over the trigger's variables: {@code NEW}, {@code OLD}, and {@code r} (the
 * row: NEW, or OLD for a delete). In statement-level code there is no row, and every row helper renders a typed
 * NULL, so one template serves both levels. Columns are referred to by name: renaming a captured column needs a
 * new {@code copiste install}.
 *
 * @param pipeline the pipeline's name
 * @param binding  the binding's name
 * @param table    the bound table
 * @param columns  the captured columns: the binding's {@code columns} plus the key, or every column
 * @param key      the key columns (the binding's {@code key}, else the primary key); may be empty
 * @param rowLevel whether the code runs for each row (insert, update, delete) or per statement (truncate)
 */
public record TriggerContext(String pipeline, String binding, TableInfo table, List<String> columns,
                             List<String> key, boolean rowLevel) {
    public TriggerContext {
        Objects.requireNonNull(table, "table");
        columns = List.copyOf(columns);
        key = List.copyOf(key);
    }

    /** The same context for the other trigger level. */
    public TriggerContext atRowLevel(boolean row) {
        return new TriggerContext(pipeline, binding, table, columns, key, row);
    }

    /** The value of a column of the current row ({@code r."column"}), as text. */
    public String column(String name) {
        return field("r", name);
    }

    /** The value of a column of the new row, as text; NULL for a delete. */
    public String newColumn(String name) {
        return field("NEW", name);
    }

    /** The value of a column of the old row, as text; NULL for an insert. */
    public String oldColumn(String name) {
        return field("OLD", name);
    }

    private String field(String row, String name) {
        return rowLevel ? row + "." + Sql.ident(name) + "::text" : "NULL::text";
    }

    /** A jsonb object of the captured columns of a row variable ({@code NEW}, {@code OLD} or {@code r}). */
    public String image(String row) {
        if (!rowLevel) {
            return "NULL::jsonb";
        }
        if (columns.equals(table.columnNames())) {
            return "to_jsonb(" + row + ")";
        }
        return "jsonb_build_object(" + columns.stream()
                .map(c -> Sql.literal(c) + ", " + row + "." + Sql.ident(c))
                .collect(Collectors.joining(", ")) + ")";
    }

    /** The old row's image, NULL for an insert or a truncate. */
    public String oldImage() {
        return rowLevel ? "CASE WHEN TG_OP IN ('UPDATE', 'DELETE') THEN " + image("OLD") + " END" : "NULL::jsonb";
    }

    /** The new row's image, NULL for a delete or a truncate. */
    public String newImage() {
        return rowLevel ? "CASE WHEN TG_OP IN ('INSERT', 'UPDATE') THEN " + image("NEW") + " END" : "NULL::jsonb";
    }

    /** A jsonb object of the current row's key columns, or NULL when there is no key or no row. */
    public String keyImage() {
        if (key.isEmpty() || !rowLevel) {
            return "NULL::jsonb";
        }
        return "jsonb_build_object(" + key.stream()
                .map(c -> Sql.literal(c) + ", r." + Sql.ident(c))
                .collect(Collectors.joining(", ")) + ")";
    }

    /** The operation in lower case ({@code insert}), as a text expression. */
    public String operation() {
        return "lower(TG_OP)";
    }

    /** The table's readable name as a text literal. */
    public String tableLiteral() {
        return Sql.literal(table.name().toString());
    }
}
