package io.copiste.ldap;

import com.fasterxml.jackson.databind.JsonNode;
import io.copiste.function.Template;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An SQL query of the manifest with {@code {column}} placeholders, run against the source database with each
 * placeholder <em>bound</em> as a parameter ({@code ?}) from the row — never spliced into the SQL text. Immutable.
 *
 * <p>Example: {@code SELECT alias FROM mail_aliases WHERE user_id = {id}} runs
 * {@code SELECT alias FROM mail_aliases WHERE user_id = ?} with the row's {@code id}.
 */
final class BoundQuery {
    private final String text;
    private final String sql;
    private final List<Template.Field> parameters;

    private BoundQuery(String text, String sql, List<Template.Field> parameters) {
        this.text = text;
        this.sql = sql;
        this.parameters = parameters;
    }

    /**
     * Parses a query.
     *
     * @throws IllegalArgumentException with a message fit for a user
     */
    static BoundQuery parse(String text) {
        Template t = Template.parse(text);
        StringBuilder sql = new StringBuilder();
        List<Template.Field> params = new ArrayList<>();
        for (Template.Part part : t.parts()) {
            if (part instanceof Template.Text x) {
                sql.append(x.text());
            } else if (part instanceof Template.Field f) {
                sql.append('?');
                params.add(f);
            }
        }
        return new BoundQuery(text, sql.toString(), List.copyOf(params));
    }

    /** A query from SQL text with {@code ?} markers and the placeholders they bind, in order. */
    static BoundQuery of(String sql, List<Template.Field> parameters) {
        return new BoundQuery(sql, sql, List.copyOf(parameters));
    }

    /** The SQL as sent, with {@code ?} for the parameters. */
    String sql() {
        return sql;
    }

    /** The row columns the query binds. */
    Set<String> columns() {
        Set<String> out = new java.util.LinkedHashSet<>();
        parameters.stream().filter(p -> p.column() != null).forEach(p -> out.add(p.column()));
        return out;
    }

    /** Runs the query; each result row as column label → value, in order. */
    List<Map<String, Object>> rows(Connection connection, Scope scope) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.size(); i++) {
                Template.Field f = parameters.get(i);
                bind(ps, i + 1, f.column() == null ? scope.word(f.source()) : scope.value(f.source(), f.column()));
            }
            List<Map<String, Object>> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                ResultSetMetaData md = rs.getMetaData();
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int c = 1; c <= md.getColumnCount(); c++) {
                        row.put(md.getColumnLabel(c), rs.getObject(c));
                    }
                    out.add(row);
                }
            }
            return out;
        }
    }

    /** The first column of every result row, as attribute values (NULLs skipped). */
    List<byte[]> values(Connection connection, Scope scope) throws SQLException {
        List<byte[]> out = new ArrayList<>();
        for (Map<String, Object> row : rows(connection, scope)) {
            out.addAll(LdapValues.values(row.values().iterator().next()));
        }
        return out;
    }

    private static void bind(PreparedStatement ps, int index, Object value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.NULL);
        } else if (value instanceof JsonNode j) {
            ps.setObject(index, j.toString(), Types.OTHER);
        } else if (value instanceof List<?> list) {
            ps.setObject(index, list.toArray());
        } else {
            ps.setObject(index, value);
        }
    }

    @Override
    public String toString() {
        return text;
    }
}
