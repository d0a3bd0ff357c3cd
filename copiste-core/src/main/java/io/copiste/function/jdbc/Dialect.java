package io.copiste.function.jdbc;

import io.copiste.db.TableInfo;
import io.copiste.function.Row;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.function.Consumer;

/** How {@code jdbc.table} writes SQL for one kind of target database. Stateless. */
interface Dialect {
    static Dialect forUrl(String url) {
        if (url.startsWith("jdbc:postgresql:")) {
            return new PostgresDialect();
        }
        if (url.startsWith("jdbc:mariadb:") || url.startsWith("jdbc:mysql:")) {
            return new MariaDbDialect();
        }
        return null;
    }

    String name();

    String quote(String identifier);

    default String table(List<String> parts) {
        return String.join(".", parts.stream().map(this::quote).toList());
    }

    /** Upserts rows by key, or appends them when the mapping has no key. */
    void upsert(Connection c, Mapping m, List<Row> rows) throws SQLException;

    /**
     * Writes rows whose last change was an insert: most likely new to the target, but not surely (a redelivery, a
     * row init copied). By default an upsert.
     */
    default void insert(Connection c, Mapping m, List<Row> rows) throws SQLException {
        upsert(c, m, rows);
    }

    /**
     * Sets the mapping's columns, from {@code newRow}, on the row whose key {@code oldRow} holds: an update whose new
     * row lacks some columns (logical capture does not resend a TOASTed value an update left alone), so an upsert
     * would lose them. The key may change too: the row moves, keeping the columns not set.
     */
    void update(Connection c, Mapping m, Row oldRow, Row newRow) throws SQLException;

    /** Deletes rows by key (or marks them, for soft delete). */
    void delete(Connection c, Mapping m, List<Row> rows) throws SQLException;

    /** Empties the target table, inside the current transaction. */
    void truncate(Connection c, Mapping m) throws SQLException;

    /** Creates the position table if missing (committed). */
    void preparePositions(Connection c) throws SQLException;

    /** The upsert of a pipeline binding's position: parameters pipeline, binding, batch, event. */
    String upsertPosition();

    /** The catalog, schema and table name to look the target table up in JDBC metadata. */
    String[] metadataName(Connection c, Mapping m) throws SQLException;

    /** The target table's columns, or {@code null} if it does not exist. */
    default List<String> columns(Connection c, Mapping m) throws SQLException {
        String[] n = metadataName(c, m);
        List<String> out = new java.util.ArrayList<>();
        try (java.sql.ResultSet rs = c.getMetaData().getColumns(n[0], n[1], n[2], null)) {
            while (rs.next()) {
                out.add(rs.getString("COLUMN_NAME"));
            }
        }
        return out.isEmpty() ? null : out;
    }

    /** Whether a unique index or primary key covers exactly the mapping's key. */
    default boolean hasUniqueKey(Connection c, Mapping m) throws SQLException {
        String[] n = metadataName(c, m);
        java.util.Map<String, java.util.Set<String>> indexes = new java.util.HashMap<>();
        try (java.sql.ResultSet rs = c.getMetaData().getIndexInfo(n[0], n[1], n[2], true, true)) {
            while (rs.next()) {
                if (rs.getString("COLUMN_NAME") != null) {
                    indexes.computeIfAbsent(rs.getString("INDEX_NAME"), k -> new java.util.HashSet<>())
                            .add(rs.getString("COLUMN_NAME"));
                }
            }
        }
        return indexes.values().contains(java.util.Set.copyOf(m.key()));
    }

    /** DDL creating the target table from the source table's definition. */
    String createTable(Mapping m, TableInfo source);

    /** Lists the target's keys as identities (see {@link Mapping#identity}). */
    void scanKeys(Connection c, Mapping m, Consumer<String> identities) throws SQLException;
}
