package io.copiste.db;

import io.copiste.sql.TableName;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What copiste knows about a table from PostgreSQL's catalog: its columns in order and its primary key.
 *
 * @param name       the table's current name
 * @param oid        its pg_class oid
 * @param kind       {@code r} for a table, {@code p} for a partitioned table (others are refused earlier)
 * @param columns    the live columns in attnum order
 * @param primaryKey the primary key's columns in key order, empty if none
 */
public record TableInfo(TableName name, long oid, char kind, List<Column> columns, List<String> primaryKey) {
    public TableInfo {
        Objects.requireNonNull(name, "name");
        columns = List.copyOf(columns);
        primaryKey = List.copyOf(primaryKey);
    }

    /**
     * A column.
     *
     * @param name     as stored (case preserved)
     * @param type     the SQL type as {@code format_type} renders it, e.g. {@code character varying(20)}
     * @param typeOid  the declared type's oid
     * @param notNull  whether the column is declared NOT NULL
     * @param baseType the underlying type's name in {@code pg_type} ({@code int4}, {@code timestamptz},
     *                 {@code _text} for a text array), domains resolved to their base type
     * @param element  for an array, its element type's name ({@code text}); else {@code null}
     */
    public record Column(String name, String type, long typeOid, boolean notNull, String baseType, String element) {
        /** A column of a built-in type whose name is also its base type (for tests and tools). */
        public static Column of(String name, String baseType) {
            return new Column(name, baseType, 0, false, baseType, baseType.startsWith("_") ? baseType.substring(1) : null);
        }

        public boolean isArray() {
            return element != null;
        }
    }

    public Optional<Column> column(String columnName) {
        return columns.stream().filter(c -> c.name().equals(columnName)).findFirst();
    }

    public boolean hasColumn(String columnName) {
        return column(columnName).isPresent();
    }

    public List<String> columnNames() {
        return columns.stream().map(Column::name).toList();
    }
}
