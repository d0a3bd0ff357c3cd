package io.copiste.slony;

import io.copiste.sql.TableName;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Reads a node's {@link Catalog} and which node of the cluster its database says it is. */
final class Catalogs {
    private final Engine engine;

    Catalogs(Engine engine) {
        this.engine = engine;
    }

    Catalog read(int node) {
        return engine.sessions.get(node).transaction("read the tables and sequences",
                c -> read(c, engine.cluster));
    }

    /** The catalog of the database behind {@code c}, leaving out the cluster's schema. */
    static Catalog read(Connection c, ClusterName cluster) throws SQLException {
        List<Catalog.Table> tables = new ArrayList<>();
        List<TableName> sequences = new ArrayList<>();
        for (Object[] r : Jdbc.rows(c, "SELECT n.nspname, c.relname, c.relkind::text, EXISTS (SELECT 1 FROM "
                + "pg_catalog.pg_index i WHERE i.indrelid = c.oid AND i.indisprimary) FROM pg_catalog.pg_class c "
                + "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'S') "
                + "AND n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> ? "
                + "ORDER BY 1, 2", cluster.namespace())) {
            TableName name = TableName.of((String) r[0], (String) r[1]);
            if ("S".equals(r[2])) {
                sequences.add(name);
            } else {
                tables.add(new Catalog.Table(name, (Boolean) r[3]));
            }
        }
        return new Catalog(tables, sequences);
    }

    /** The node id kept in the cluster's schema of the database behind {@code c}, or 0 without the schema. */
    static int localNodeId(Connection c, ClusterName cluster) throws SQLException {
        if (!Jdbc.exists(c, "SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = ?", cluster.namespace())) {
            return 0;
        }
        return (int) Jdbc.queryLong(c, 0, "SELECT " + cluster.qualify("getLocalNodeId") + "(?)",
                cluster.namespace());
    }

    /** The node id stored in the node's copy of the cluster's schema, or 0 when the schema is not there. */
    int installedAs(int node) {
        return engine.sessions.get(node).transaction("read the local node id", c -> localNodeId(c,
                engine.cluster));
    }
}
