package io.copiste.init;

import io.copiste.CopisteException;
import io.copiste.ErrorCode;
import io.copiste.db.TableInfo;
import io.copiste.function.Json;
import io.copiste.manifest.Binding;
import io.copiste.sql.Sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads one binding's table for init: the rows its trigger would capture (its {@code when} holds with the row as
 * NEW and OLD null, as for an insert), as the same json images, in chunks by key range.
 */
final class TableReader {
    /** A key range {@code [lower, upper)}; {@code null} bounds are open. Values are the key columns' text. */
    record Chunk(String binding, int index, List<String> lower, List<String> upper) {
    }

    /** Receives rows' json images. */
    interface Sink {
        void row(String json) throws Exception;
    }

    private final Binding binding;
    private final TableInfo table;
    private final List<String> key;
    private final String image;

    TableReader(Binding binding, TableInfo table, List<String> key) {
        this.binding = binding;
        this.table = table;
        this.key = key;
        if (binding.columns().isEmpty()) {
            this.image = "row_to_json(\"new\")";
        } else {
            Set<String> wanted = new LinkedHashSet<>(binding.columns());
            wanted.addAll(key);
            this.image = "json_build_object(" + table.columnNames().stream().filter(wanted::contains)
                    .map(c -> Sql.literal(c) + ", \"new\"." + Sql.ident(c)).collect(Collectors.joining(", ")) + ")";
        }
    }

    /**
     * The key that identifies rows for init: the binding's {@code key} (which must be NOT NULL columns with a unique
     * index on exactly them) or the primary key.
     */
    static List<String> key(Connection c, Binding b, TableInfo table) throws SQLException {
        if (b.key().isEmpty()) {
            if (table.primaryKey().isEmpty()) {
                throw new CopisteException(ErrorCode.DATABASE_NOT_READY, "binding '" + b.name() + "': table "
                        + table.name() + " has no primary key, so init cannot read it in chunks or resume",
                        "add a primary key, or name unique NOT NULL columns with 'key: [...]' in the binding");
            }
            return table.primaryKey();
        }
        for (String k : b.key()) {
            if (table.column(k).map(col -> !col.notNull()).orElse(true)) {
                throw new CopisteException(ErrorCode.DATABASE_NOT_READY, "binding '" + b.name() + "': key column '"
                        + k + "' of " + table.name() + " may be NULL", "declare it NOT NULL, or choose another key");
            }
        }
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_index i WHERE i.indrelid = ? AND i.indisunique
                    AND i.indpred IS NULL AND i.indexprs IS NULL
                    AND (SELECT array_agg(a.attname::text ORDER BY a.attname) FROM pg_catalog.pg_attribute a
                         WHERE a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)) = ?::text[])""")) {
            ps.setLong(1, table.oid());
            ps.setArray(2, c.createArrayOf("text", b.key().stream().sorted().toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    throw new CopisteException(ErrorCode.DATABASE_NOT_READY, "binding '" + b.name() + "': no unique"
                            + " index on exactly " + b.key() + " of " + table.name() + ", so they may not identify rows",
                            "create a unique index on them, or choose the primary key");
                }
            }
        }
        return b.key();
    }

    /** An estimate of the rows, from the statistics (counted when the table was never analyzed). */
    long estimate(Connection snapshot) throws SQLException {
        try (PreparedStatement ps = snapshot.prepareStatement("SELECT reltuples::bigint FROM pg_catalog.pg_class"
                + " WHERE oid = ?")) {
            ps.setLong(1, table.oid());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long n = rs.getLong(1);
                if (n > 0) {
                    return n;
                }
            }
        }
        return count(snapshot);
    }

    /** The exact number of rows init would send. */
    long count(Connection snapshot) throws SQLException {
        try (PreparedStatement ps = snapshot.prepareStatement("SELECT count(*) " + from(null))) {
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Key ranges of about {@code chunkRows} rows each, from a sample of the keys. */
    List<Chunk> chunks(Connection snapshot, long estimate, int chunkRows) throws SQLException {
        int wanted = (int) Math.min(10_000, Math.max(1, estimate / chunkRows));
        List<Chunk> out = new ArrayList<>();
        if (wanted == 1) {
            out.add(new Chunk(binding.name(), 0, null, null));
            return out;
        }
        long pages = 1;
        try (PreparedStatement ps = snapshot.prepareStatement("SELECT greatest(relpages, 1) FROM pg_catalog.pg_class"
                + " WHERE oid = ?")) {
            ps.setLong(1, table.oid());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                pages = rs.getLong(1);
            }
        }
        // about 20 sampled keys per chunk, from at least 100 pages so that block sampling cannot come back empty
        double percent = Math.min(100.0, Math.max(100.0 * wanted * 20 / Math.max(1, estimate), 100.0 * 100 / pages));
        List<List<String>> sample = sample(snapshot, "SYSTEM", percent);
        if (sample.size() < wanted) {
            sample = sample(snapshot, "BERNOULLI", Math.min(100.0, 100.0 * wanted * 20 / Math.max(1, estimate)));
        }
        List<String> previous = null;
        for (int i = 1; i < wanted && !sample.isEmpty(); i++) {
            List<String> bound = sample.get((int) ((long) i * sample.size() / wanted));
            if (previous == null || !bound.equals(previous)) {
                out.add(new Chunk(binding.name(), out.size(), previous, bound));
                previous = bound;
            }
        }
        out.add(new Chunk(binding.name(), out.size(), previous, null));
        return out;
    }

    private List<List<String>> sample(Connection snapshot, String method, double percent) throws SQLException {
        // ordered by the typed key (s.k), not by the text output column that a bare name would pick: text order
        // ('10' < '9') gave overlapping chunks, and rows read twice
        String keys = key.stream().map(k -> "s." + Sql.ident(k) + "::text").collect(Collectors.joining(", "));
        String order = key.stream().map(k -> "s." + Sql.ident(k)).collect(Collectors.joining(", "));
        List<List<String>> sample = new ArrayList<>();
        try (PreparedStatement ps = snapshot.prepareStatement("SELECT " + keys + " FROM " + table.name().sql()
                + " AS s TABLESAMPLE " + method + " (" + percent + ") ORDER BY " + order)) {
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    List<String> k = new ArrayList<>();
                    for (int i = 1; i <= key.size(); i++) {
                        k.add(rs.getString(i));
                    }
                    sample.add(k);
                }
            }
        }
        return sample;
    }

    /** Streams a chunk's rows to the sink with a cursor. */
    void read(Connection snapshot, Chunk chunk, int fetch, Sink sink) throws Exception {
        try (PreparedStatement ps = snapshot.prepareStatement("SELECT " + image + "::text " + from(chunk))) {
            ps.setFetchSize(fetch);
            int i = 1;
            for (List<String> bound : new List[]{chunk.lower(), chunk.upper()}) {
                if (bound != null) {
                    for (String v : bound) {
                        ps.setString(i++, v);
                    }
                }
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    sink.row(rs.getString(1));
                }
            }
        }
    }

    /** {@code COPY (SELECT columns …) TO STDOUT} for a chunk (bounds inlined as literals: COPY takes no parameters). */
    String copyQuery(Chunk chunk, List<String> columns) {
        return "COPY (SELECT " + String.join(", ", columns) + " " + from(chunk, true) + ") TO STDOUT";
    }

    private String from(Chunk chunk) {
        return from(chunk, false);
    }

    /** The FROM and WHERE of a chunk; bounds as {@code ?} parameters, or as literals for COPY. */
    private String from(Chunk chunk, boolean literals) {
        StringBuilder sql = new StringBuilder("FROM " + table.name().sql() + " AS \"new\" LEFT JOIN "
                + table.name().sql() + " AS \"old\" ON false WHERE true");
        if (binding.when() != null) {
            sql.append(" AND coalesce((\n").append(binding.when()).append("\n), false)");
        }
        if (chunk != null) {
            String row = "(" + key.stream().map(k -> "\"new\"." + Sql.ident(k)).collect(Collectors.joining(", ")) + ")";
            if (chunk.lower() != null) {
                sql.append(" AND ").append(row).append(" >= ").append(bound(chunk.lower(), literals));
            }
            if (chunk.upper() != null) {
                sql.append(" AND ").append(row).append(" < ").append(bound(chunk.upper(), literals));
            }
        }
        return sql.toString();
    }

    private String bound(List<String> values, boolean literals) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < key.size(); i++) {
            parts.add((literals ? Sql.literal(values.get(i)) : "?") + "::" + table.column(key.get(i)).orElseThrow().type());
        }
        return "(" + String.join(", ", parts) + ")";
    }

    /** A chunk bound as stored in copiste.init_chunk. */
    static String encode(List<String> bound) {
        return bound == null ? null : Json.MAPPER.valueToTree(bound).toString();
    }

    static List<String> decode(String text) {
        if (text == null) {
            return null;
        }
        List<String> out = new ArrayList<>();
        Json.parse(text).forEach(n -> out.add(n.asText()));
        return out;
    }
}
