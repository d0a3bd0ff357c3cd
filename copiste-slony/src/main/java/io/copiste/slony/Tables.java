package io.copiste.slony;

import io.copiste.sql.TableName;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The checks made before tables or sequences are added to a set, so that a bad list changes nothing and the
 * message says what to do; and slonik's rule for the next free id.
 */
final class Tables {
    private final Engine engine;

    Tables(Engine engine) {
        this.engine = engine;
    }

    /** The set must exist, originate on {@code origin}, and have no subscriber yet (Slony's rule). */
    void checkSet(int set, int origin, String verb) {
        engine.checkNodeId(origin);
        List<Object[]> rows = engine.sessions.get(origin).transaction("read set " + set, c -> Jdbc.rows(c,
                "SELECT set_origin, (SELECT string_agg(sub_receiver::text, ', ' ORDER BY sub_receiver) FROM "
                        + engine.q("sl_subscribe") + " WHERE sub_set = set_id) FROM " + engine.q("sl_set")
                        + " WHERE set_id = ?", set));
        if (rows.isEmpty()) {
            throw Failures.refused(origin, "cannot " + verb + " set " + set + ": node " + origin
                    + " knows no such set", "create it first: createSet(" + set + ", " + origin + ", …)");
        }
        int actual = ((Number) rows.get(0)[0]).intValue();
        if (actual != origin) {
            throw Failures.refused(origin, "cannot " + verb + " set " + set + " on node " + origin
                    + ": its origin is node " + actual, "give origin " + actual);
        }
        if (rows.get(0)[1] != null) {
            throw Failures.refused(origin, "cannot " + verb + " subscribed set " + set + " (subscribers: node "
                    + rows.get(0)[1] + "): create a new set, subscribe it the same way, then merge it",
                    "createSet(N, " + origin + ", …), add the tables to set N, subscribeSet(N, …) with the "
                            + "providers and receivers of set " + set + ", then mergeSet(" + set + ", N, " + origin
                            + ")");
        }
    }

    /** Every table must exist on the origin and have a primary key, or the named unique index. */
    void checkTables(int origin, List<TableRef> refs) {
        engine.sessions.get(origin).transaction("check the tables", c -> {
            for (TableRef ref : refs) {
                String kind = relkind(c, ref.name());
                if (kind == null || !kind.equals("r") && !kind.equals("p")) {
                    throw Failures.refused(origin, "table " + ref.name() + " does not exist on node " + origin
                            + (kind == null ? "" : " (it is not a table)"), "create it on every node first "
                            + "(executeScript), or fix the name");
                }
                if (ref.key() == null && !Jdbc.exists(c, "SELECT 1 FROM pg_catalog.pg_index WHERE indrelid = "
                        + "?::regclass AND indisprimary", ref.name().sql())) {
                    throw Failures.refused(origin, "table " + ref.name() + " has no primary key: Slony needs "
                            + "one to identify rows", "add a primary key (on every node), or name a unique "
                            + "index on NOT NULL columns with TableRef.withKey(\"index\")");
                }
            }
            return null;
        });
    }

    void checkSequences(int origin, List<SequenceRef> refs) {
        engine.sessions.get(origin).transaction("check the sequences", c -> {
            for (SequenceRef ref : refs) {
                if (!"S".equals(relkind(c, ref.name()))) {
                    throw Failures.refused(origin, "sequence " + ref.name() + " does not exist on node " + origin,
                            "create it on every node first, or fix the name");
                }
            }
            return null;
        });
    }

    /** One more than the highest id on any reachable node with the schema, as slonik computes it. */
    int nextId(String table, String column) {
        long max = 0;
        for (NodeSession session : List.copyOf(engine.sessions.all())) {
            try {
                if (session.hasSchema(engine.cluster)) {
                    max = Math.max(max, session.transaction("read " + table, c -> Jdbc.queryLong(c, 0,
                            "SELECT max(" + column + ") FROM " + engine.q(table))));
                }
            } catch (SlonyException unreachable) {
                // slonik leaves out the nodes it cannot reach
            }
        }
        return (int) max + 1;
    }

    /** Base tables (or sequences) whose {@code schema.name} matches a POSIX regular expression, sorted. */
    List<TableName> matching(Connection c, String pattern, boolean sequences) throws SQLException {
        String sql = sequences
                ? "SELECT sequence_schema, sequence_name FROM information_schema.sequences"
                + " WHERE sequence_schema || '.' || sequence_name ~ ? ORDER BY sequence_schema || '.' || sequence_name"
                : "SELECT table_schema, table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE'"
                + " AND table_schema || '.' || table_name ~ ? ORDER BY table_schema || '.' || table_name";
        List<TableName> names = new ArrayList<>();
        for (Object[] row : Jdbc.rows(c, sql, pattern)) {
            names.add(TableName.of((String) row[0], (String) row[1]));
        }
        return names;
    }

    private static String relkind(Connection c, TableName name) throws SQLException {
        return Jdbc.queryString(c, "SELECT relkind::text FROM pg_catalog.pg_class WHERE oid = to_regclass(?)",
                name.sql());
    }
}
