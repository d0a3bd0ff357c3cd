package io.copiste.capture;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;

/**
 * A pipeline's delivery position in {@code copiste.consumer}, and the batch protocol over it.
 *
 * <p>A <em>batch</em> is every change whose transaction is visible in snapshot {@code to} but not in snapshot
 * {@code from}: the changes that committed between two snapshots (PgQ's ticks). Cutting batches by transaction
 * visibility rather than by event id is what makes a long transaction's early changes impossible to skip: they
 * belong to the batch in whose snapshot the transaction first became visible. Within a batch, changes are read in
 * event-id order, which for two changes of one row is their commit order (the second writer waited for the
 * first's row lock before its trigger drew an id).
 *
 * <p>The batch is recorded before delivery ({@link #open}), progress within it after each sub-batch
 * ({@link #progress}), and the end by moving {@code from} to {@code to} ({@link #close}). After a crash, the same
 * batch is read again from the recorded progress. All writes go through the connection holding the pipeline's
 * daemon lock: if that connection is lost, nothing more is recorded. Not thread-safe.
 */
public final class Consumer {
    private final Connection connection;
    private final Queue queue;

    /** An open batch: number, bounds, and the last event delivered in it. */
    public record Batch(long id, String from, String to, long done) {
    }

    public Consumer(Connection connection, Queue queue) {
        this.connection = connection;
        this.queue = queue;
    }

    /** The batch left open by a previous run, or {@code null}. */
    public Batch current() throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT batch_id, snap_from::text, snap_to::text,"
                + " done_ev FROM copiste.consumer WHERE pipeline = ?")) {
            ps.setString(1, queue.pipeline());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("pipeline '" + queue.pipeline() + "' has no consumer row", "55000");
                }
                return rs.getString(3) == null ? null
                        : new Batch(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4));
            }
        }
    }

    /**
     * Opens the next batch if any change committed since the last one; otherwise returns {@code null} (and, when
     * {@code advanceWhenEmpty}, moves the lower bound forward so queue rotation can proceed).
     *
     * <p>While {@code copiste init} runs, the only batch opened is the one that ends exactly at its
     * <em>fence</em>: the init's snapshot. The stream then stands still until init has applied its rows.
     */
    public Batch open(boolean advanceWhenEmpty) throws SQLException {
        String now;
        String from;
        String fence;
        boolean init;
        long id;
        try (PreparedStatement ps = connection.prepareStatement("SELECT pg_current_snapshot()::text, snap_from::text,"
                + " batch_id, fence::text, " + queue.initRunningCondition() + " FROM copiste.consumer WHERE pipeline = ?")) {
            ps.setString(1, queue.pipeline());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                now = rs.getString(1);
                from = rs.getString(2);
                id = rs.getLong(3);
                fence = rs.getString(4);
                init = rs.getBoolean(5);
            }
        }
        if (init && (fence == null || fence.equals(from))) {
            return null;
        }
        String to = init ? fence : now;
        boolean any;
        try (PreparedStatement ps = connection.prepareStatement("SELECT EXISTS (SELECT 1 FROM " + queue.table()
                + " WHERE " + Reader.RANGE + ")")) {
            ps.setString(1, from);
            ps.setString(2, to);
            ps.setString(3, to);
            ps.setString(4, from);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                any = rs.getBoolean(1);
            }
        }
        if (!any) {
            if ((init || advanceWhenEmpty) && !to.equals(from)) {
                advance(to);
            }
            return null;
        }
        try (PreparedStatement ps = connection.prepareStatement("UPDATE copiste.consumer SET batch_id = batch_id + 1,"
                + " snap_to = ?::pg_snapshot, done_ev = 0 WHERE pipeline = ? AND snap_to IS NULL AND (NOT "
                + queue.initRunningCondition() + " OR fence::text = ?)")) {
            ps.setString(1, to);
            ps.setString(2, queue.pipeline());
            ps.setString(3, to);
            if (ps.executeUpdate() == 0) {
                return null;
            }
        }
        return new Batch(id + 1, from, to, 0);
    }

    /** Moves the lower bound to a snapshot when no change lies between (no batch needed). */
    private void advance(String to) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("UPDATE copiste.consumer SET snap_from = ?::pg_snapshot"
                + " WHERE pipeline = ? AND snap_to IS NULL AND (NOT " + queue.initRunningCondition()
                + " OR fence::text = ?)")) {
            ps.setString(1, to);
            ps.setString(2, queue.pipeline());
            ps.setString(3, to);
            ps.executeUpdate();
        }
    }

    /** Sets the fence an init waits for (its snapshot), or clears it with {@code null}. */
    public void fence(String snapshot) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("UPDATE copiste.consumer SET fence = ?::pg_snapshot"
                + " WHERE pipeline = ?")) {
            ps.setString(1, snapshot);
            ps.setString(2, queue.pipeline());
            ps.executeUpdate();
        }
    }

    /** Whether every change committed before the fence has been delivered, and nothing after it. */
    public boolean fenceReached() throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT fence IS NOT NULL AND snap_to IS NULL"
                + " AND snap_from::text = fence::text FROM copiste.consumer WHERE pipeline = ?")) {
            ps.setString(1, queue.pipeline());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    /** Whether a {@code copiste init} of this pipeline is running now. */
    public boolean initRunning() throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT " + queue.initRunningCondition());
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    /** Records that every event of the batch up to {@code event} was delivered. */
    public void progress(Batch batch, long event) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("UPDATE copiste.consumer SET done_ev = ?,"
                + " delivered_at = now() WHERE pipeline = ? AND batch_id = ?")) {
            ps.setLong(1, event);
            ps.setString(2, queue.pipeline());
            ps.setLong(3, batch.id());
            ps.executeUpdate();
        }
    }

    /** Ends the batch: its upper bound becomes the next batch's lower bound. */
    public void close(Batch batch) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("UPDATE copiste.consumer SET snap_from = snap_to,"
                + " snap_to = NULL, done_ev = 0, delivered_at = now() WHERE pipeline = ? AND batch_id = ?")) {
            ps.setString(1, queue.pipeline());
            ps.setLong(2, batch.id());
            ps.executeUpdate();
        }
    }

    /**
     * Rotates the queue when due and truncates the partition no transaction can still write to. Call between
     * batches. Returns what it did, for logs: {@code null}, {@code "switched"} or {@code "truncated"}.
     */
    public String rotate(Duration interval) throws SQLException {
        boolean pending;
        boolean truncatable;
        Instant rotatedAt;
        int current;
        try (PreparedStatement ps = connection.prepareStatement("SELECT switch_snap IS NOT NULL,"
                + " switch_snap IS NOT NULL AND pg_snapshot_xmin(snap_from) >= pg_snapshot_xmax(switch_snap),"
                + " rotated_at, (SELECT last_value FROM " + queue.rotationSequence() + ") % " + Queue.PARTS
                + " FROM copiste.consumer WHERE pipeline = ?")) {
            ps.setString(1, queue.pipeline());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                pending = rs.getBoolean(1);
                truncatable = rs.getBoolean(2);
                rotatedAt = rs.getTimestamp(3).toInstant();
                current = rs.getInt(4);
            }
        }
        if (pending) {
            if (!truncatable) {
                return null;
            }
            int old = (current + 1) % Queue.PARTS;
            try (var st = connection.createStatement()) {
                // a reader holding the partition (status, a DBA's query) must not stall the daemon
                st.execute("SET lock_timeout = '2s'");
                st.execute("TRUNCATE " + queue.partition(old));
                st.execute("RESET lock_timeout");
            } catch (SQLException e) {
                if ("55P03".equals(e.getSQLState())) {
                    return null;
                }
                throw e;
            }
            update("UPDATE copiste.consumer SET switch_snap = NULL WHERE pipeline = ?", null);
            return "truncated";
        }
        if (Duration.between(rotatedAt, Instant.now()).compareTo(interval) < 0) {
            return null;
        }
        try (var st = connection.createStatement();
             ResultSet rs = st.executeQuery("SELECT EXISTS (SELECT 1 FROM " + queue.partition(current) + ")")) {
            rs.next();
            if (!rs.getBoolean(1)) {
                return null;
            }
        }
        // Non-transactional: writers see the new partition at once. The snapshot is taken afterwards, so every
        // transaction that may still write to the old partition is older than its xmax.
        try (var st = connection.createStatement()) {
            st.execute("SELECT setval('" + queue.rotationSequence().replace("'", "''") + "', "
                    + "(SELECT last_value FROM " + queue.rotationSequence() + ") + 1)");
        }
        update("UPDATE copiste.consumer SET switch_snap = pg_current_snapshot(), rotated_at = now() WHERE pipeline = ?",
                null);
        return "switched";
    }

    private void update(String sql, String snapshot) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            int i = 1;
            if (snapshot != null) {
                ps.setString(i++, snapshot);
            }
            ps.setString(i, queue.pipeline());
            ps.executeUpdate();
        }
    }
}
