package io.copiste.db;

import io.copiste.sql.TableName;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads tables and privileges from PostgreSQL's system catalog. Stateless; the caller owns the connection. */
public final class Introspector {
    private Introspector() {
    }

    /** The table (or partitioned table) with this name, or empty if there is none. Views are not tables. */
    public static Optional<TableInfo> table(Connection c, TableName name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT c.oid, c.relkind FROM pg_catalog.pg_class c
                JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = ? AND c.relname = ? AND c.relkind IN ('r', 'p')""")) {
            ps.setString(1, name.schema());
            ps.setString(2, name.name());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(load(c, name, rs.getLong(1), rs.getString(2).charAt(0)));
            }
        }
    }

    /** The current name of the relation with this oid, or empty if it was dropped. */
    public static Optional<TableName> nameOf(Connection c, long oid) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT n.nspname, c.relname FROM pg_catalog.pg_class c
                JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = ?""")) {
            ps.setLong(1, oid);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(TableName.of(rs.getString(1), rs.getString(2))) : Optional.empty();
            }
        }
    }

    /** Whether a relation of another kind (view, sequence, foreign table…) has this name, and which kind. */
    public static Optional<String> otherRelationKind(Connection c, TableName name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT CASE c.relkind WHEN 'v' THEN 'a view' WHEN 'm' THEN 'a materialized view'
                       WHEN 'S' THEN 'a sequence' WHEN 'f' THEN 'a foreign table' WHEN 'i' THEN 'an index'
                       ELSE 'not a table' END
                FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = ? AND c.relname = ?""")) {
            ps.setString(1, name.schema());
            ps.setString(2, name.name());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    /** Whether the current user may create triggers on the table. */
    public static boolean canCreateTrigger(Connection c, long tableOid) throws SQLException {
        return bool(c, "SELECT has_table_privilege(?::oid, 'TRIGGER')", tableOid);
    }

    /** Whether the current user owns the table (or is a superuser): needed to publish it. */
    public static boolean owns(Connection c, long tableOid) throws SQLException {
        return bool(c, "SELECT pg_has_role((SELECT relowner FROM pg_catalog.pg_class WHERE oid = ?::oid), 'USAGE')"
                + " OR (SELECT rolsuper FROM pg_catalog.pg_roles WHERE rolname = current_user)", tableOid);
    }

    /**
     * Whether the current user may create copiste's objects: CREATE on the {@code copiste} schema if it exists,
     * else CREATE on the database.
     */
    public static boolean canCreateCopisteObjects(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT CASE WHEN to_regnamespace('copiste') IS NULL
                            THEN has_database_privilege(current_database(), 'CREATE')
                            ELSE has_schema_privilege('copiste', 'CREATE') END""");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    private static TableInfo load(Connection c, TableName name, long oid, char kind) throws SQLException {
        List<TableInfo.Column> columns = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT a.attname, format_type(a.atttypid, a.atttypmod), a.atttypid, a.attnotnull, bt.typname,
                       et.typname
                FROM pg_catalog.pg_attribute a
                JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
                JOIN pg_catalog.pg_type bt ON bt.oid = CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE t.oid END
                LEFT JOIN pg_catalog.pg_type et ON et.oid = bt.typelem AND bt.typcategory = 'A'
                WHERE a.attrelid = ? AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum""")) {
            ps.setLong(1, oid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    columns.add(new TableInfo.Column(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getBoolean(4),
                            rs.getString(5), rs.getString(6)));
                }
            }
        }
        List<String> key = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT a.attname FROM pg_catalog.pg_index i
                CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
                JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
                WHERE i.indrelid = ? AND i.indisprimary ORDER BY k.ord""")) {
            ps.setLong(1, oid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    key.add(rs.getString(1));
                }
            }
        }
        return new TableInfo(name, oid, kind, columns, key);
    }

    private static boolean bool(Connection c, String sql, long arg) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, arg);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }
}
