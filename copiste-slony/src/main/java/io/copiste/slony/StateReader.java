package io.copiste.slony;

import io.copiste.slony.ClusterState.*;
import io.copiste.sql.TableName;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Reads a {@link ClusterState} from one node's catalog, in one transaction. */
final class StateReader {
    private final Engine engine;

    StateReader(Engine engine) {
        this.engine = engine;
    }

    ClusterState read(int node) {
        engine.checkNodeId(node);
        return engine.sessions.get(node).transaction("read the cluster's state", c -> read(c, node));
    }

    private ClusterState read(Connection c, int node) throws SQLException {
        List<Member> members = new ArrayList<>();
        for (Object[] r : Jdbc.rows(c, "SELECT no_id, no_active, no_comment, coalesce(no_failed, false) FROM "
                + engine.q("sl_node") + " ORDER BY no_id")) {
            members.add(new Member(i(r[0]), (Boolean) r[1], (String) r[2], (Boolean) r[3]));
        }
        List<ClusterState.Path> paths = new ArrayList<>();
        for (Object[] r : Jdbc.rows(c, "SELECT pa_server, pa_client, pa_conninfo, pa_connretry FROM "
                + engine.q("sl_path") + " ORDER BY pa_server, pa_client")) {
            paths.add(new ClusterState.Path(i(r[0]), i(r[1]), (String) r[2], i(r[3])));
        }
        List<Listen> listens = new ArrayList<>();
        for (Object[] r : Jdbc.rows(c, "SELECT li_origin, li_provider, li_receiver FROM " + engine.q("sl_listen")
                + " ORDER BY li_origin, li_provider, li_receiver")) {
            listens.add(new Listen(i(r[0]), i(r[1]), i(r[2])));
        }
        List<ReplicationSet> sets = new ArrayList<>();
        for (Object[] r : Jdbc.rows(c, "SELECT set_id, set_origin, set_comment, set_locked IS NOT NULL FROM "
                + engine.q("sl_set") + " ORDER BY set_id")) {
            sets.add(new ReplicationSet(i(r[0]), i(r[1]), (String) r[2], (Boolean) r[3]));
        }
        List<Table> tables = new ArrayList<>();
        for (Object[] r : Jdbc.rows(c, "SELECT tab_id, tab_nspname, tab_relname, tab_set, tab_idxname, tab_comment"
                + " FROM " + engine.q("sl_table") + " ORDER BY tab_id")) {
            tables.add(new Table(i(r[0]), TableName.of((String) r[1], (String) r[2]), i(r[3]), (String) r[4],
                    (String) r[5]));
        }
        List<Sequence> sequences = new ArrayList<>();
        for (Object[] r : Jdbc.rows(c, "SELECT seq_id, seq_nspname, seq_relname, seq_set, seq_comment FROM "
                + engine.q("sl_sequence") + " ORDER BY seq_id")) {
            sequences.add(new Sequence(i(r[0]), TableName.of((String) r[1], (String) r[2]), i(r[3]), (String) r[4]));
        }
        List<Subscription> subscriptions = new ArrayList<>();
        for (Object[] r : Jdbc.rows(c, "SELECT sub_set, sub_provider, sub_receiver, sub_forward, sub_active FROM "
                + engine.q("sl_subscribe") + " ORDER BY sub_set, sub_receiver")) {
            subscriptions.add(new Subscription(i(r[0]), i(r[1]), i(r[2]), (Boolean) r[3], (Boolean) r[4]));
        }
        List<Lag> lag = new ArrayList<>();
        for (Object[] r : Jdbc.rows(c, "SELECT st_origin, st_received, st_last_event, coalesce(st_last_received, 0),"
                + " st_lag_num_events, coalesce(extract(epoch FROM st_lag_time), 0)::float8 FROM "
                + engine.q("sl_status") + " ORDER BY st_received")) {
            lag.add(new Lag(i(r[0]), i(r[1]), l(r[2]), l(r[3]), l(r[4]),
                    Duration.ofMillis(Math.round(((Number) r[5]).doubleValue() * 1000))));
        }
        String version = Jdbc.queryString(c, "SELECT " + engine.q("slonyVersion") + "()");
        return new ClusterState(engine.cluster, node, version, members, paths, listens, sets, tables, sequences,
                subscriptions, lag);
    }

    private static int i(Object value) {
        return ((Number) value).intValue();
    }

    private static long l(Object value) {
        return value == null ? 0 : ((Number) value).longValue();
    }
}
