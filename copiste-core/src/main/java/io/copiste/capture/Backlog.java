package io.copiste.capture;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.OptionalInt;

/**
 * What is waiting in a pipeline's queue, and who is delivering it. Reads only.
 *
 * @param events     committed changes not yet delivered
 * @param oldest     when the oldest of them was made, or {@code null} when none waits
 * @param daemonPid  the server process id of the connection holding the pipeline's daemon lock, if any
 * @param daemonFrom the client address and application name of that connection, if any
 */
public record Backlog(long events, Instant oldest, OptionalInt daemonPid, String daemonFrom) {
    /** Reads the backlog of a pipeline whose queue exists. */
    public static Backlog read(Connection c, Queue queue) throws SQLException {
        long events = 0;
        Instant oldest = null;
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*), min(q.ev_time) FROM " + queue.table()
                + " q, copiste.consumer s WHERE s.pipeline = ? AND q.ev_txid >= pg_snapshot_xmin(s.snap_from)"
                + " AND NOT pg_visible_in_snapshot(q.ev_txid, s.snap_from)")) {
            ps.setString(1, queue.pipeline());
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    events = rs.getLong(1);
                    oldest = rs.getTimestamp(2) == null ? null : rs.getTimestamp(2).toInstant();
                }
            }
        }
        return withDaemon(c, queue, events, oldest);
    }

    /** Who holds the pipeline's daemon lock, with no queue to count (logical capture). */
    public static Backlog daemonOnly(Connection c, Queue queue) throws SQLException {
        return withDaemon(c, queue, 0, null);
    }

    private static Backlog withDaemon(Connection c, Queue queue, long events, Instant oldest) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT l.pid, coalesce(host(a.client_addr), 'local') || ' ' || a.application_name
                FROM pg_catalog.pg_locks l LEFT JOIN pg_catalog.pg_stat_activity a ON a.pid = l.pid
                WHERE l.locktype = 'advisory' AND l.classid = ?::oid AND l.objid = ?::bigint::oid AND l.objsubid = 2
                  AND l.granted AND l.database = (SELECT oid FROM pg_catalog.pg_database WHERE datname = current_database())
                LIMIT 1""")) {
            ps.setInt(1, Queue.LOCK_CLASS);
            ps.setLong(2, Integer.toUnsignedLong(queue.lockKey()));
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    return new Backlog(events, oldest, OptionalInt.of(rs.getInt(1)), rs.getString(2));
                }
            }
        }
        return new Backlog(events, oldest, OptionalInt.empty(), null);
    }

    /** Undelivered changes per binding. */
    public static java.util.Map<String, Long> pendingByBinding(Connection c, Queue queue) throws SQLException {
        java.util.Map<String, Long> out = new java.util.LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT q.ev_binding, count(*) FROM " + queue.table()
                + " q, copiste.consumer s WHERE s.pipeline = ? AND q.ev_txid >= pg_snapshot_xmin(s.snap_from)"
                + " AND NOT pg_visible_in_snapshot(q.ev_txid, s.snap_from) GROUP BY q.ev_binding")) {
            ps.setString(1, queue.pipeline());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        return out;
    }

    /** Whether the queue of this pipeline exists. */
    public static boolean exists(Connection c, Queue queue) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            ps.setString(1, queue.table());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }
}
