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
     * @param name    as stored (case preserved)
     * @param type    the SQL type as {@code format_type} renders it, e.g. {@code character varying(20)}
     * @param typeOid the type's oid (for arrays, the array type)
     * @param notNull whether the column is declared NOT NULL
     */
    public record Column(String name, String type, long typeOid, boolean notNull) {
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
