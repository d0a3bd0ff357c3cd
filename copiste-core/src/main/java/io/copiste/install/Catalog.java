package io.copiste.install;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.copiste.CopisteException;
import io.copiste.ErrorCode;
import io.copiste.sql.Sql;
import io.copiste.sql.TableName;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * copiste's catalog: the {@code copiste} schema with one row per installed pipeline and binding, so that
 * {@code plan}, {@code install}, {@code status} and {@code uninstall} work from what the database says, whatever
 * is on disk (Flyway's schema-history idea).
 *
 * <p>Statements are rendered as text, so {@code plan} can show exactly what {@code install} runs.
 */
final class Catalog {
    static final String SCHEMA = "copiste";
    /** The catalog layout this copiste writes. Raise it with a migration in {@link #upgradeStatements}. */
    static final int VERSION = 1;

    private static final ObjectMapper JSON = new ObjectMapper();

    private Catalog() {
    }

    /** A binding as the catalog records it. */
    record Installed(String name, TableName table, long tableOid, String functionType, String hash,
                     List<DbObject> objects) {
    }

    static List<String> createStatements() {
        return List.of(
                "CREATE SCHEMA copiste",
                "COMMENT ON SCHEMA copiste IS "
                        + Sql.literal("copiste: catalog and queues of installed pipelines; managed by copiste install"
                        + " and uninstall, do not edit"),
                "REVOKE ALL ON SCHEMA copiste FROM PUBLIC",
                """
                CREATE TABLE copiste.catalog (
                    version integer NOT NULL,
                    updated_at timestamptz NOT NULL DEFAULT now()
                )""",
                "INSERT INTO copiste.catalog (version) VALUES (" + VERSION + ")",
                """
                CREATE TABLE copiste.pipeline (
                    name text PRIMARY KEY,
                    copiste_version text NOT NULL,
                    installed_at timestamptz NOT NULL DEFAULT now(),
                    updated_at timestamptz NOT NULL DEFAULT now()
                )""",
                """
                CREATE TABLE copiste.binding (
                    pipeline text NOT NULL REFERENCES copiste.pipeline ON DELETE CASCADE,
                    name text NOT NULL,
                    table_schema text NOT NULL,
                    table_name text NOT NULL,
                    table_oid oid NOT NULL,
                    function_type text NOT NULL,
                    definition jsonb NOT NULL,
                    hash text NOT NULL,
                    objects jsonb NOT NULL,
                    installed_at timestamptz NOT NULL DEFAULT now(),
                    PRIMARY KEY (pipeline, name)
                )""",
                """
                CREATE TABLE copiste.consumer (
                    pipeline text PRIMARY KEY REFERENCES copiste.pipeline ON DELETE CASCADE,
                    batch_id bigint NOT NULL DEFAULT 0,
                    snap_from pg_snapshot NOT NULL,
                    snap_to pg_snapshot,
                    done_ev bigint NOT NULL DEFAULT 0,
                    delivered_at timestamptz,
                    rotated_at timestamptz NOT NULL DEFAULT now(),
                    switch_snap pg_snapshot,
                    fence pg_snapshot
                )""",
                """
                CREATE TABLE copiste.dlq (
                    id bigserial PRIMARY KEY,
                    pipeline text NOT NULL REFERENCES copiste.pipeline ON DELETE CASCADE,
                    binding text NOT NULL,
                    ev_id bigint NOT NULL,
                    ev_txid xid8 NOT NULL,
                    ev_time timestamptz NOT NULL,
                    ev_op "char" NOT NULL,
                    ev_old json,
                    ev_new json,
                    row_key text,
                    error text NOT NULL,
                    parked_at timestamptz NOT NULL DEFAULT now(),
                    UNIQUE (pipeline, ev_txid, ev_id)
                )""",
                """
                CREATE TABLE copiste.init (
                    pipeline text NOT NULL REFERENCES copiste.pipeline ON DELETE CASCADE,
                    binding text NOT NULL,
                    snapshot pg_snapshot NOT NULL,
                    state text NOT NULL,
                    rows bigint NOT NULL DEFAULT 0,
                    started_at timestamptz NOT NULL DEFAULT now(),
                    finished_at timestamptz,
                    PRIMARY KEY (pipeline, binding)
                )""",
                """
                CREATE TABLE copiste.init_chunk (
                    pipeline text NOT NULL,
                    binding text NOT NULL,
                    chunk integer NOT NULL,
                    lower_key text,
                    upper_key text,
                    rows bigint,
                    done boolean NOT NULL DEFAULT false,
                    PRIMARY KEY (pipeline, binding, chunk),
                    FOREIGN KEY (pipeline, binding) REFERENCES copiste.init ON DELETE CASCADE
                )""");
    }

    /** Statements that take the catalog from {@code from} to {@link #VERSION}. None yet: version 1 is the first. */
    static List<String> upgradeStatements(int from) {
        return List.of();
    }

    /** Removes the catalog and the schema (RESTRICT: anything a user put in the schema stops it). */
    static List<String> dropStatements() {
        return List.of("DROP TABLE copiste.init_chunk", "DROP TABLE copiste.init", "DROP TABLE copiste.dlq",
                "DROP TABLE copiste.consumer", "DROP TABLE copiste.binding",
                "DROP TABLE copiste.pipeline", "DROP TABLE copiste.catalog", "DROP SCHEMA copiste");
    }

    /** The installed catalog's version, or 0 when there is no catalog. */
    static int version(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT to_regclass('copiste.catalog') IS NOT NULL")) {
            rs.next();
            if (!rs.getBoolean(1)) {
                return 0;
            }
        }
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT max(version) FROM copiste.catalog")) {
            rs.next();
            int version = rs.getInt(1);
            if (version > VERSION) {
                throw new CopisteException(ErrorCode.DATABASE_NOT_READY, "the copiste catalog in this database is version "
                        + version + ", newer than this copiste understands (" + VERSION + ")",
                        "use the copiste version that installed it, or a newer one");
            }
            return version;
        }
    }

    /** The bindings a pipeline has installed, by name order. */
    static List<Installed> bindings(Connection c, String pipeline) throws SQLException {
        List<Installed> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT name, table_schema, table_name, table_oid, function_type, hash, objects::text
                FROM copiste.binding WHERE pipeline = ? ORDER BY name""")) {
            ps.setString(1, pipeline);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Installed(rs.getString(1), TableName.of(rs.getString(2), rs.getString(3)),
                            rs.getLong(4), rs.getString(5), rs.getString(6), objects(rs.getString(7))));
                }
            }
        }
        return out;
    }

    /** Whether the pipeline has a catalog row. */
    static boolean hasPipeline(Connection c, String pipeline) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM copiste.pipeline WHERE name = ?")) {
            ps.setString(1, pipeline);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** The names of the installed pipelines. */
    static List<String> pipelines(Connection c) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT name FROM copiste.pipeline ORDER BY name")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    /** Whether an object recorded for a binding still exists. */
    static boolean exists(Connection c, DbObject object, long tableOid) throws SQLException {
        String sql = object.kind().equals(DbObject.FUNCTION)
                ? "SELECT to_regprocedure(?) IS NOT NULL"
                : "SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_trigger WHERE tgname = ? AND tgrelid = ?::oid)";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            if (object.kind().equals(DbObject.FUNCTION)) {
                ps.setString(1, Sql.ident(SCHEMA, object.name()) + "()");
            } else {
                ps.setString(1, object.name());
                ps.setLong(2, tableOid);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    static String upsertPipeline(String pipeline, String copisteVersion) {
        return "INSERT INTO copiste.pipeline (name, copiste_version) VALUES (" + Sql.literal(pipeline) + ", "
                + Sql.literal(copisteVersion) + ")\nON CONFLICT (name) DO UPDATE SET copiste_version = EXCLUDED.copiste_version,"
                + " updated_at = now()";
    }

    static String deletePipeline(String pipeline) {
        return "DELETE FROM copiste.pipeline WHERE name = " + Sql.literal(pipeline);
    }

    static String insertBinding(String pipeline, String name, TableName table, String functionType,
                                String definitionJson, String hash, List<DbObject> objects) {
        return "INSERT INTO copiste.binding (pipeline, name, table_schema, table_name, table_oid, function_type,"
                + " definition, hash, objects)\nVALUES (" + Sql.literal(pipeline) + ", " + Sql.literal(name) + ", "
                + Sql.literal(table.schema()) + ", " + Sql.literal(table.name()) + ", "
                + Sql.literal(table.sql()) + "::regclass, " + Sql.literal(functionType) + ", "
                + Sql.literal(definitionJson) + ", " + Sql.literal(hash) + ", " + Sql.literal(objectsJson(objects)) + ")";
    }

    static String deleteBinding(String pipeline, String name) {
        return "DELETE FROM copiste.binding WHERE pipeline = " + Sql.literal(pipeline) + " AND name = "
                + Sql.literal(name);
    }

    private static String objectsJson(List<DbObject> objects) {
        ArrayNode array = JSON.createArrayNode();
        objects.forEach(o -> array.addObject().put("kind", o.kind()).put("name", o.name()));
        return array.toString();
    }

    private static List<DbObject> objects(String json) {
        try {
            List<DbObject> out = new ArrayList<>();
            for (JsonNode n : JSON.readTree(json)) {
                out.add(new DbObject(n.get("kind").asText(), n.get("name").asText()));
            }
            return out;
        } catch (java.io.IOException e) {
            throw new CopisteException(ErrorCode.DRIFT, "the catalog's object list is damaged: " + json,
                    "run 'copiste install' to rewrite it", e);
        }
    }
}
