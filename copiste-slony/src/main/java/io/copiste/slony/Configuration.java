package io.copiste.slony;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * The configuration a new node must start from, read from the event node: nodes, paths, listens, sets,
 * subscriptions and the last event of every origin. {@link #copyInto} replays it on the new node with the local
 * {@code *_int} functions, as slonik's STORE NODE does.
 */
record Configuration(List<Object[]> nodes, List<Object[]> paths, List<Object[]> listens, List<Object[]> sets,
                     List<Object[]> subscriptions, List<Object[]> lastEvents) {

    static Configuration read(Connection c, Engine e) throws SQLException {
        return new Configuration(
                Jdbc.rows(c, "SELECT no_id, no_active, no_comment FROM " + e.q("sl_node") + " ORDER BY no_id"),
                Jdbc.rows(c, "SELECT pa_server, pa_client, pa_conninfo, pa_connretry FROM " + e.q("sl_path")),
                Jdbc.rows(c, "SELECT li_origin, li_provider, li_receiver FROM " + e.q("sl_listen")),
                Jdbc.rows(c, "SELECT set_id, set_origin, set_comment FROM " + e.q("sl_set")),
                Jdbc.rows(c, "SELECT sub_set, sub_provider, sub_receiver, sub_forward, sub_active FROM "
                        + e.q("sl_subscribe")),
                Jdbc.rows(c, "SELECT ev_origin, max(ev_seqno) FROM " + e.q("sl_event") + " GROUP BY ev_origin"));
    }

    void copyInto(Connection c, Engine e, int newNode) throws SQLException {
        for (Object[] n : nodes) {
            Jdbc.queryLong(c, 0, "SELECT " + e.q("storeNode_int") + "(?, ?)", n[0], n[2]);
            if (Boolean.TRUE.equals(n[1])) {
                Jdbc.queryLong(c, 0, "SELECT " + e.q("enableNode_int") + "(?)", n[0]);
            }
        }
        for (Object[] p : paths) {
            Jdbc.queryLong(c, 0, "SELECT " + e.q("storePath_int") + "(?, ?, ?, ?)", p);
        }
        for (Object[] l : listens) {
            Jdbc.queryLong(c, 0, "SELECT " + e.q("storeListen_int") + "(?, ?, ?)", l);
        }
        for (Object[] s : sets) {
            Jdbc.queryLong(c, 0, "SELECT " + e.q("storeSet_int") + "(?, ?, ?)", s);
        }
        for (Object[] s : subscriptions) {
            Jdbc.queryLong(c, 0, "SELECT " + e.q("subscribeSet_int") + "(?, ?, ?, ?, false)", s[0], s[1], s[2], s[3]);
            if (Boolean.TRUE.equals(s[4])) {
                Jdbc.queryLong(c, 0, "SELECT " + e.q("enableSubscription_int") + "(?, ?, ?)", s[0], s[1], s[2]);
            }
        }
        for (Object[] ev : lastEvents) {
            if (((Number) ev[0]).intValue() == newNode) {
                // the id was used before: continue its event numbers after the old ones
                Jdbc.queryLong(c, 0, "SELECT pg_catalog.setval(?, ?::int8 + 1)", e.q("sl_event_seq"), ev[1]);
            } else {
                Jdbc.execute(c, "INSERT INTO " + e.q("sl_confirm") + " (con_origin, con_received, con_seqno, "
                        + "con_timestamp) VALUES (" + ((Number) ev[0]).intValue() + ", " + newNode + ", "
                        + ((Number) ev[1]).longValue() + ", CURRENT_TIMESTAMP)");
            }
        }
    }
}
