package io.copiste.engine;

import io.copiste.capture.Queue;
import io.copiste.function.Change;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The dead-letter table {@code copiste.dlq}: changes set aside by bindings with {@code onError: park}, with the
 * error that stopped them.
 *
 * <p>To keep each row's changes in order, once a change of a row is parked, every later change of the same row
 * (same binding and key) is parked behind it until the row's parked changes are retried or discarded. Retrying
 * puts a row's parked changes back into the queue, in their original order, as new changes; the daemon delivers
 * them after what is already queued. Stateless apart from the connection; not thread-safe.
 */
public final class DeadLetters {
    private final Connection connection;
    private final Queue queue;

    /** A parked change. */
    public record Parked(long id, String binding, long event, String operation, String key, String error,
                         Instant parkedAt, String oldRow, String newRow) {
    }

    public DeadLetters(Connection connection, Queue queue) {
        this.connection = connection;
        this.queue = queue;
    }

    /** Parks a change with its error (idempotent: parking the same change twice keeps one row). */
    void park(Change change, String key, String error) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("""
                INSERT INTO copiste.dlq (pipeline, binding, ev_id, ev_txid, ev_time, ev_op, ev_old, ev_new, row_key, error)
                VALUES (?, ?, ?, ?::text::xid8, ?, ?::"char", ?::json, ?::json, ?, ?)
                ON CONFLICT (pipeline, ev_txid, ev_id) DO NOTHING""")) {
            ps.setString(1, queue.pipeline());
            ps.setString(2, change.binding());
            ps.setLong(3, change.position().event());
            ps.setString(4, Long.toString(change.txid()));
            ps.setTimestamp(5, Timestamp.from(change.time()));
            ps.setString(6, String.valueOf(change.operation().code()));
            ps.setString(7, change.oldRow() == null ? null : change.oldRow().raw().toString());
            ps.setString(8, change.newRow() == null ? null : change.newRow().raw().toString());
            ps.setString(9, key);
            ps.setString(10, error);
            ps.executeUpdate();
        }
    }

    /** How many changes of the pipeline are parked. */
    long count() throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT count(*) FROM copiste.dlq WHERE pipeline = ?")) {
            ps.setString(1, queue.pipeline());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** The parked rows' keys, as {@code binding + '\0' + key}. */
    Set<String> parkedKeys() throws SQLException {
        Set<String> out = new HashSet<>();
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT DISTINCT binding, row_key FROM copiste.dlq WHERE pipeline = ? AND row_key IS NOT NULL")) {
            ps.setString(1, queue.pipeline());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1) + '\0' + rs.getString(2));
                }
            }
        }
        return out;
    }

    /** Every parked change, oldest first. */
    public List<Parked> list() throws SQLException {
        List<Parked> out = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement("""
                SELECT id, binding, ev_id, ev_op, row_key, error, parked_at, ev_old::text, ev_new::text
                FROM copiste.dlq WHERE pipeline = ? ORDER BY id""")) {
            ps.setString(1, queue.pipeline());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Parked(rs.getLong(1), rs.getString(2), rs.getLong(3),
                            io.copiste.function.Operation.ofCode(rs.getString(4).charAt(0)).manifestName(),
                            rs.getString(5), rs.getString(6), rs.getTimestamp(7).toInstant(), rs.getString(8),
                            rs.getString(9)));
                }
            }
        }
        return out;
    }

    /**
     * Puts parked changes back into the queue: the given ids (every parked change if empty), each with all the
     * parked changes of the same row, in their original order. One transaction. Returns how many were requeued.
     */
    public int retry(List<Long> ids) throws SQLException {
        return inTransaction(() -> {
            String selected = selection(ids);
            int moved;
            try (PreparedStatement ps = connection.prepareStatement("INSERT INTO " + queue.table()
                    + " (ev_txid, ev_time, ev_binding, ev_op, ev_old, ev_new, ev_part)"
                    + " SELECT pg_current_xact_id(), ev_time, binding, ev_op, ev_old, ev_new, "
                    + queue.currentPartExpression() + " FROM copiste.dlq d WHERE " + selected + " ORDER BY id")) {
                bind(ps, ids);
                moved = ps.executeUpdate();
            }
            try (PreparedStatement ps = connection.prepareStatement("DELETE FROM copiste.dlq d WHERE " + selected)) {
                bind(ps, ids);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = connection.prepareStatement("SELECT pg_notify(?, '')")) {
                ps.setString(1, queue.channel());
                ps.execute();
            }
            return moved;
        });
    }

    /** Deletes parked changes: the given ids (every parked change if empty). Returns how many. */
    public int discard(List<Long> ids) throws SQLException {
        return inTransaction(() -> {
            try (PreparedStatement ps = connection.prepareStatement("DELETE FROM copiste.dlq d WHERE "
                    + (ids.isEmpty() ? "d.pipeline = ?" : "d.pipeline = ? AND d.id = ANY (?)"))) {
                ps.setString(1, queue.pipeline());
                if (!ids.isEmpty()) {
                    ps.setArray(2, connection.createArrayOf("bigint", ids.toArray()));
                }
                return ps.executeUpdate();
            }
        });
    }

    /** The rows of the chosen ids, widened to every parked change of the same binding and key. */
    private static String selection(List<Long> ids) {
        if (ids.isEmpty()) {
            return "d.pipeline = ?";
        }
        return "d.pipeline = ? AND (d.id = ANY (?) OR (d.row_key IS NOT NULL AND (d.binding, d.row_key) IN"
                + " (SELECT s.binding, s.row_key FROM copiste.dlq s WHERE s.pipeline = d.pipeline AND s.id = ANY (?))))";
    }

    private void bind(PreparedStatement ps, List<Long> ids) throws SQLException {
        ps.setString(1, queue.pipeline());
        if (!ids.isEmpty()) {
            ps.setArray(2, connection.createArrayOf("bigint", ids.toArray()));
            ps.setArray(3, connection.createArrayOf("bigint", ids.toArray()));
        }
    }

    private interface Work {
        int run() throws SQLException;
    }

    private int inTransaction(Work work) throws SQLException {
        boolean auto = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            int n = work.run();
            connection.commit();
            return n;
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(auto);
        }
    }
}
