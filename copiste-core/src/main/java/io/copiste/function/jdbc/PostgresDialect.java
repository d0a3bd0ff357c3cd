package io.copiste.function.jdbc;

import com.fasterxml.jackson.databind.JsonNode;
import io.copiste.db.TableInfo;
import io.copiste.function.BulkLoad;
import io.copiste.function.Json;
import io.copiste.function.Row;
import io.copiste.sql.Sql;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Savepoint;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * PostgreSQL targets. A batch of rows travels as one JSON array and becomes rows with
 * {@code json_populate_recordset(NULL::target, …)} — the inverse of the {@code row_to_json} copiste captured
 * with — so every type converts exactly (numeric scale, timestamptz, arrays, json, bytea, enums, intervals), and a
 * batch is one set-based statement: {@code INSERT … SELECT … ON CONFLICT … DO UPDATE}.
 */
final class PostgresDialect implements Dialect {
    @Override
    public String name() {
        return "postgresql";
    }

    @Override
    public String quote(String identifier) {
        return Sql.ident(identifier);
    }

    private String rows(Mapping m) {
        return "json_populate_recordset(NULL::" + table(m.table()) + ", ?::json) r";
    }

    private static String json(Mapping m, List<Row> rows) {
        var array = Json.MAPPER.createArrayNode();
        rows.forEach(r -> array.add(m.targetRow(r)));
        return array.toString();
    }

    @Override
    public void upsert(Connection c, Mapping m, List<Row> rows) throws SQLException {
        execute(c, insertSql(m) + conflict(m), json(m, rows));
    }

    /**
     * Rows whose last change was an insert go in with {@code COPY} straight into the target table, under a savepoint:
     * the cheapest way in (the target parses text while copiste still writes it), where an {@code ON CONFLICT}
     * upsert costs about twice as much per row. If a row is already there (23505: a redelivery, a row init copied),
     * the same rows go again as the upsert; so do rows with a value COPY's text cannot carry (an array, a composite)
     * and mappings with SQL-expression columns.
     */
    @Override
    public void insert(Connection c, Mapping m, List<Row> rows) throws SQLException {
        if (m.key().isEmpty() || m.columns().stream().anyMatch(col -> !col.fromRow())) {
            upsert(c, m, rows);
            return;
        }
        String cols = m.columns().stream().map(col -> quote(col.target())).collect(Collectors.joining(", "))
                + (m.soft() != null ? ", " + quote(m.soft().target()) : "");
        Savepoint savepoint = c.setSavepoint();
        CopyIn in = c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + table(m.table()) + " (" + cols
                + ") FROM STDIN");
        try {
            StringBuilder text = new StringBuilder(1 << 16);
            for (Row row : rows) {
                if (!appendCopyRow(text, m, row)) {
                    in.cancelCopy();
                    c.rollback(savepoint);
                    upsert(c, m, rows);
                    return;
                }
                if (text.length() >= 1 << 16) {
                    write(in, text);
                }
            }
            write(in, text);
            in.endCopy();
            c.releaseSavepoint(savepoint);
        } catch (SQLException e) {
            if (in.isActive()) {
                in.cancelCopy();
            }
            if (!"23505".equals(e.getSQLState())) {
                throw e;
            }
            c.rollback(savepoint);
            upsert(c, m, rows);
        }
    }

    private static void write(CopyIn in, StringBuilder text) throws SQLException {
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        in.writeToCopy(bytes, 0, bytes.length);
        text.setLength(0);
    }

    /** One row in COPY's text format; false if a value has no text form here (see {@link Row#sqlText}). */
    private static boolean appendCopyRow(StringBuilder out, Mapping m, Row row) {
        boolean first = true;
        for (Mapping.Column col : m.columns()) {
            if (!first) {
                out.append('\t');
            }
            first = false;
            String text;
            if (col.source() != null) {
                try {
                    text = row.sqlText(col.source());
                } catch (IllegalArgumentException e) {
                    return false;
                }
            } else {
                text = col.constant() == null || col.constant().isNull() ? null
                        : col.constant().isValueNode() ? col.constant().asText() : col.constant().toString();
            }
            if (text == null) {
                out.append("\\N");
            } else {
                escape(out, text);
            }
        }
        if (m.soft() != null) {
            out.append("\t\\N");
        }
        out.append('\n');
        return true;
    }

    private static void escape(StringBuilder out, String value) {
        int n = value.length();
        int i = 0;
        while (i < n && value.charAt(i) != '\\' && value.charAt(i) >= ' ') {
            i++;
        }
        if (i == n) {
            out.append(value);   // the common case: nothing to escape
            return;
        }
        out.append(value, 0, i);
        for (; i < n; i++) {
            char ch = value.charAt(i);
            switch (ch) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(ch);
            }
        }
    }

    private String insertSql(Mapping m) {
        String cols = m.columns().stream().map(col -> quote(col.target())).collect(Collectors.joining(", "));
        String values = m.columns().stream().map(col -> col.fromRow() ? "r." + quote(col.target()) : col.sql())
                .collect(Collectors.joining(", "));
        return "INSERT INTO " + table(m.table()) + " (" + cols + (m.soft() != null ? ", " + quote(m.soft().target()) : "")
                + ") SELECT " + values + (m.soft() != null ? ", NULL" : "") + " FROM " + rows(m);
    }

    /**
     * Bulk load: COPY into a temporary staging table (emptied at commit), then one merge into the target, in the
     * current transaction.
     */
    long load(Connection c, Mapping m, BulkLoad.CopySource source) throws Exception {
        List<Mapping.Column> copied = m.columns().stream().filter(Mapping.Column::fromRow).toList();
        String cols = copied.stream().map(col -> quote(col.target())).collect(Collectors.joining(", "));
        try (Statement st = c.createStatement()) {
            st.execute("CREATE TEMPORARY TABLE IF NOT EXISTS copiste_stage (LIKE " + table(m.table())
                    + ") ON COMMIT DELETE ROWS");
            st.execute("TRUNCATE copiste_stage");
        }
        CopyIn in = c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY copiste_stage (" + cols + ") FROM STDIN");
        long rows = 0;
        try {
            for (byte[] row = source.read(); row != null; row = source.read()) {
                in.writeToCopy(row, 0, row.length);
                rows++;
            }
            in.endCopy();
        } finally {
            if (in.isActive()) {
                in.cancelCopy();
            }
        }
        String values = m.columns().stream().map(col -> col.fromRow() ? "s." + quote(col.target()) : col.sql())
                .collect(Collectors.joining(", "));
        String all = m.columns().stream().map(col -> quote(col.target())).collect(Collectors.joining(", "));
        try (Statement st = c.createStatement()) {
            st.execute("INSERT INTO " + table(m.table()) + " (" + all + (m.soft() != null ? ", " + quote(m.soft().target()) : "")
                    + ") SELECT " + values + (m.soft() != null ? ", NULL" : "") + " FROM copiste_stage s" + conflict(m));
        }
        return rows;
    }

    /** {@code ON CONFLICT (key) DO UPDATE SET …}: every non-key column takes the new value. */
    private String conflict(Mapping m) {
        if (m.key().isEmpty()) {
            return "";
        }
        List<String> sets = new ArrayList<>();
        m.columns().stream().filter(col -> !m.key().contains(col.target()))
                .forEach(col -> sets.add(quote(col.target()) + " = EXCLUDED." + quote(col.target())));
        if (m.soft() != null) {
            sets.add(quote(m.soft().target()) + " = NULL");
        }
        return " ON CONFLICT (" + m.key().stream().map(this::quote).collect(Collectors.joining(", "))
                + (sets.isEmpty() ? ") DO NOTHING" : ") DO UPDATE SET " + String.join(", ", sets));
    }

    @Override
    public void update(Connection c, Mapping m, Row oldRow, Row newRow) throws SQLException {
        List<String> sets = new ArrayList<>();
        m.columns().forEach(col -> sets.add(quote(col.target()) + " = " + (col.fromRow() ? "r." + quote(col.target())
                : col.sql())));
        if (m.soft() != null) {
            sets.add(quote(m.soft().target()) + " = NULL");
        }
        String match = m.key().stream().map(k -> "t." + quote(k) + " = o." + quote(k)).collect(Collectors.joining(" AND "));
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + table(m.table()) + " t SET " + String.join(", ", sets)
                + " FROM json_populate_record(NULL::" + table(m.table()) + ", ?::json) r, json_populate_record(NULL::"
                + table(m.table()) + ", ?::json) o WHERE " + match)) {
            ps.setString(1, m.targetRow(newRow).toString());
            ps.setString(2, m.targetRow(oldRow).toString());
            ps.executeUpdate();
        }
    }

    @Override
    public void delete(Connection c, Mapping m, List<Row> rows) throws SQLException {
        String match = m.key().stream().map(k -> "t." + quote(k) + " = r." + quote(k)).collect(Collectors.joining(" AND "));
        String sql = m.onDelete() == Mapping.OnDelete.SOFT
                ? "UPDATE " + table(m.table()) + " t SET " + quote(m.soft().target()) + " = " + softValue(m) + " FROM "
                + rows(m) + " WHERE " + match
                : "DELETE FROM " + table(m.table()) + " t USING " + rows(m) + " WHERE " + match;
        execute(c, sql, json(m, rows));
    }

    private static String softValue(Mapping m) {
        return m.soft().sql() != null ? m.soft().sql() : Sql.literal(m.soft().constant().asText());
    }

    @Override
    public void truncate(Connection c, Mapping m) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("TRUNCATE " + table(m.table()));
        }
    }

    @Override
    public void preparePositions(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS copiste_position (pipeline text, binding text, batch bigint NOT NULL,"
                    + " event bigint NOT NULL, updated_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (pipeline, binding))");
        }
        c.commit();
    }

    @Override
    public String upsertPosition() {
        return "INSERT INTO copiste_position (pipeline, binding, batch, event) VALUES (?, ?, ?, ?) ON CONFLICT"
                + " (pipeline, binding) DO UPDATE SET batch = EXCLUDED.batch, event = EXCLUDED.event, updated_at = now()";
    }

    @Override
    public String[] metadataName(Connection c, Mapping m) throws SQLException {
        if (m.table().size() == 2) {
            return new String[]{null, m.table().get(0), m.table().get(1)};
        }
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT current_schema()")) {
            rs.next();
            return new String[]{null, rs.getString(1), m.table().get(0)};
        }
    }

    @Override
    public String createTable(Mapping m, TableInfo source) {
        List<String> defs = new ArrayList<>();
        for (Mapping.Column col : m.columns()) {
            TableInfo.Column s = col.source() == null ? null : source.column(col.source()).orElse(null);
            defs.add(quote(col.target()) + " " + (s == null ? "text" : s.type()) + (s != null && s.notNull() ? " NOT NULL" : ""));
        }
        if (m.soft() != null) {
            defs.add(quote(m.soft().target()) + " " + (m.soft().sql() != null ? "timestamptz" : "boolean"));
        }
        if (!m.key().isEmpty()) {
            defs.add("PRIMARY KEY (" + m.key().stream().map(this::quote).collect(Collectors.joining(", ")) + ")");
        }
        return "CREATE TABLE IF NOT EXISTS " + table(m.table()) + " (\n    " + String.join(",\n    ", defs) + "\n)";
    }

    @Override
    public void scanKeys(Connection c, Mapping m, Consumer<String> identities) throws SQLException {
        String keys = m.key().stream().map(this::quote).collect(Collectors.joining(", "));
        try (PreparedStatement ps = c.prepareStatement("SELECT json_build_array(" + keys + ")::text FROM "
                + table(m.table()) + (m.soft() != null ? " WHERE " + quote(m.soft().target()) + " IS NULL" : ""))) {
            ps.setFetchSize(10_000);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    var out = Json.MAPPER.createArrayNode();
                    Json.parse(rs.getString(1)).forEach(v -> out.add(v.isNull() ? null : v.asText()));
                    identities.accept(out.toString());
                }
            }
        }
    }

    private static void execute(Connection c, String sql, String json) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, json);
            ps.executeUpdate();
        }
    }
}
