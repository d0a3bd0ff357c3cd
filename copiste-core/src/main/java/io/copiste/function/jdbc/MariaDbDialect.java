package io.copiste.function.jdbc;

import com.fasterxml.jackson.databind.JsonNode;
import io.copiste.db.TableInfo;
import io.copiste.function.Json;
import io.copiste.function.Row;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * MariaDB and MySQL targets: multi-row {@code INSERT … ON DUPLICATE KEY UPDATE} with bound values, deletes by
 * {@code (key) IN (…)}. Values are converted by type; what MariaDB cannot hold is documented in
 * docs/jdbc.md (timestamptz becomes a UTC DATETIME(6), arrays and json become JSON text, …).
 */
final class MariaDbDialect implements Dialect {
    /** MariaDB allows 65,535 placeholders per statement. */
    private static final int MAX_PARAMETERS = 60_000;

    @Override
    public String name() {
        return "mariadb";
    }

    @Override
    public String quote(String identifier) {
        return '`' + identifier.replace("`", "``") + '`';
    }

    @Override
    public void upsert(Connection c, Mapping m, List<Row> rows) throws SQLException {
        List<Mapping.Column> cols = m.columns();
        String names = cols.stream().map(col -> quote(col.target())).collect(Collectors.joining(", "))
                + (m.soft() != null ? ", " + quote(m.soft().target()) : "");
        String one = "(" + cols.stream().map(col -> col.fromRow() ? "?" : col.sql()).collect(Collectors.joining(", "))
                + (m.soft() != null ? ", NULL" : "") + ")";
        String tail = "";
        if (!m.key().isEmpty()) {
            List<String> sets = new ArrayList<>();
            cols.stream().filter(col -> !m.key().contains(col.target()))
                    .forEach(col -> sets.add(quote(col.target()) + " = VALUES(" + quote(col.target()) + ")"));
            if (m.soft() != null) {
                sets.add(quote(m.soft().target()) + " = NULL");
            }
            String first = quote(m.key().get(0));
            tail = " ON DUPLICATE KEY UPDATE " + (sets.isEmpty() ? first + " = " + first : String.join(", ", sets));
        }
        int perStatement = Math.max(1, MAX_PARAMETERS / Math.max(1, cols.size()));
        for (int i = 0; i < rows.size(); i += perStatement) {
            List<Row> part = rows.subList(i, Math.min(rows.size(), i + perStatement));
            String sql = "INSERT INTO " + table(m.table()) + " (" + names + ") VALUES "
                    + String.join(", ", Collections.nCopies(part.size(), one)) + tail;
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int p = 1;
                for (Row row : part) {
                    for (Mapping.Column col : cols) {
                        if (col.fromRow()) {
                            bind(ps, p++, col.source() != null ? row.get(col.source()) : constant(col.constant()));
                        }
                    }
                }
                ps.executeUpdate();
            }
        }
    }

    @Override
    public void update(Connection c, Mapping m, Row oldRow, Row newRow) throws SQLException {
        List<String> sets = new ArrayList<>();
        m.columns().forEach(col -> sets.add(quote(col.target()) + " = " + (col.fromRow() ? "?" : col.sql())));
        if (m.soft() != null) {
            sets.add(quote(m.soft().target()) + " = NULL");
        }
        String where = m.key().stream().map(k -> quote(k) + " = ?").collect(Collectors.joining(" AND "));
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + table(m.table()) + " SET " + String.join(", ", sets)
                + " WHERE " + where)) {
            int p = 1;
            for (Mapping.Column col : m.columns()) {
                if (col.fromRow()) {
                    bind(ps, p++, col.source() != null ? newRow.get(col.source()) : constant(col.constant()));
                }
            }
            for (String k : m.key()) {
                bind(ps, p++, oldRow.get(m.column(k).source()));
            }
            ps.executeUpdate();
        }
    }

    @Override
    public void delete(Connection c, Mapping m, List<Row> rows) throws SQLException {
        String tuple = "(" + m.key().stream().map(k -> "?").collect(Collectors.joining(", ")) + ")";
        String keys = "(" + m.key().stream().map(this::quote).collect(Collectors.joining(", ")) + ")";
        int perStatement = Math.max(1, MAX_PARAMETERS / m.key().size());
        for (int i = 0; i < rows.size(); i += perStatement) {
            List<Row> part = rows.subList(i, Math.min(rows.size(), i + perStatement));
            String where = keys + " IN (" + String.join(", ", Collections.nCopies(part.size(), tuple)) + ")";
            String sql = m.onDelete() == Mapping.OnDelete.SOFT
                    ? "UPDATE " + table(m.table()) + " SET " + quote(m.soft().target()) + " = "
                    + (m.soft().sql() != null ? m.soft().sql() : "?") + " WHERE " + where
                    : "DELETE FROM " + table(m.table()) + " WHERE " + where;
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int p = 1;
                if (m.onDelete() == Mapping.OnDelete.SOFT && m.soft().sql() == null) {
                    bind(ps, p++, constant(m.soft().constant()));
                }
                for (Row row : part) {
                    for (String k : m.key()) {
                        bind(ps, p++, row.get(m.column(k).source()));
                    }
                }
                ps.executeUpdate();
            }
        }
    }

    @Override
    public void truncate(Connection c, Mapping m) throws SQLException {
        // TRUNCATE would commit the transaction (and the position with it) in MariaDB: delete instead
        try (Statement st = c.createStatement()) {
            st.executeUpdate("DELETE FROM " + table(m.table()));
        }
    }

    @Override
    public void preparePositions(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS copiste_position (pipeline VARCHAR(255) NOT NULL, binding VARCHAR(255)"
                    + " NOT NULL, batch BIGINT NOT NULL, event BIGINT NOT NULL, updated_at TIMESTAMP(6) NOT NULL DEFAULT"
                    + " CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), PRIMARY KEY (pipeline, binding)) ENGINE=InnoDB");
        }
        c.commit();
    }

    @Override
    public String upsertPosition() {
        return "INSERT INTO copiste_position (pipeline, binding, batch, event) VALUES (?, ?, ?, ?)"
                + " ON DUPLICATE KEY UPDATE batch = VALUES(batch), event = VALUES(event)";
    }

    @Override
    public String[] metadataName(Connection c, Mapping m) throws SQLException {
        return m.table().size() == 2 ? new String[]{m.table().get(0), null, m.table().get(1)}
                : new String[]{c.getCatalog(), null, m.table().get(0)};
    }

    @Override
    public String createTable(Mapping m, TableInfo source) {
        List<String> defs = new ArrayList<>();
        for (Mapping.Column col : m.columns()) {
            TableInfo.Column s = col.source() == null ? null : source.column(col.source()).orElse(null);
            String type = s == null ? "LONGTEXT" : type(s, m.key().contains(col.target()));
            defs.add(quote(col.target()) + " " + type + (s != null && s.notNull() ? " NOT NULL" : ""));
        }
        if (m.soft() != null) {
            defs.add(quote(m.soft().target()) + " " + (m.soft().sql() != null ? "DATETIME(6)" : "BOOLEAN"));
        }
        if (!m.key().isEmpty()) {
            defs.add("PRIMARY KEY (" + m.key().stream().map(this::quote).collect(Collectors.joining(", ")) + ")");
        }
        return "CREATE TABLE IF NOT EXISTS " + table(m.table()) + " (\n    " + String.join(",\n    ", defs)
                + "\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4";
    }

    /** The MariaDB type for a PostgreSQL column; see the table in docs/jdbc.md. */
    static String type(TableInfo.Column c, boolean key) {
        if (c.isArray()) {
            return "JSON";
        }
        String precise = c.type();
        return switch (c.baseType()) {
            case "int2" -> "SMALLINT";
            case "int4" -> "INT";
            case "int8" -> "BIGINT";
            case "numeric" -> precise.startsWith("numeric(") ? precise.replace("numeric", "DECIMAL") : "DECIMAL(65,30)";
            case "float4" -> "FLOAT";
            case "float8" -> "DOUBLE";
            case "bool" -> "BOOLEAN";
            case "varchar" -> precise.startsWith("character varying(")
                    ? precise.replace("character varying", "VARCHAR") : key ? "VARCHAR(768)" : "LONGTEXT";
            case "bpchar" -> precise.replace("character", "CHAR");
            case "bytea" -> key ? "VARBINARY(3072)" : "LONGBLOB";
            case "uuid" -> "CHAR(36)";
            case "date" -> "DATE";
            case "timestamp", "timestamptz" -> "DATETIME(6)";
            case "time", "timetz" -> "TIME(6)";
            case "json", "jsonb" -> "JSON";
            default -> key ? "VARCHAR(768)" : "LONGTEXT";
        };
    }

    @Override
    public void scanKeys(Connection c, Mapping m, Consumer<String> identities) throws SQLException {
        String keys = m.key().stream().map(this::quote).collect(Collectors.joining(", "));
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT " + keys + " FROM "
                + table(m.table()) + (m.soft() != null ? " WHERE " + quote(m.soft().target()) + " IS NULL" : ""))) {
            while (rs.next()) {
                var out = Json.MAPPER.createArrayNode();
                for (int i = 1; i <= m.key().size(); i++) {
                    out.add(rs.getString(i));
                }
                identities.accept(out.toString());
            }
        }
    }

    private static Object constant(JsonNode constant) {
        return constant == null || constant.isNull() ? null : constant.isNumber() ? constant.decimalValue()
                : constant.isBoolean() ? (Object) constant.asBoolean() : constant.asText();
    }

    private static void bind(PreparedStatement ps, int i, Object v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.NULL);
        } else if (v instanceof Boolean b) {
            ps.setBoolean(i, b);
        } else if (v instanceof Integer || v instanceof Long) {
            ps.setLong(i, ((Number) v).longValue());
        } else if (v instanceof BigDecimal d) {
            ps.setBigDecimal(i, d);
        } else if (v instanceof Double d) {
            ps.setDouble(i, d);
        } else if (v instanceof byte[] bytes) {
            ps.setBytes(i, bytes);
        } else if (v instanceof OffsetDateTime t) {
            ps.setObject(i, t.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime());
        } else if (v instanceof OffsetTime t) {
            ps.setObject(i, t.withOffsetSameInstant(ZoneOffset.UTC).toLocalTime());
        } else if (v instanceof java.time.temporal.Temporal t) {
            ps.setObject(i, t);
        } else if (v instanceof UUID || v instanceof String) {
            ps.setString(i, v.toString());
        } else {
            ps.setString(i, Json.MAPPER.valueToTree(v).toString());   // json, arrays, composites
        }
    }
}
