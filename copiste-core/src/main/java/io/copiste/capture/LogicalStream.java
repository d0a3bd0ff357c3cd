package io.copiste.capture;

import io.copiste.db.Connector;
import org.postgresql.PGConnection;
import org.postgresql.replication.LogSequenceNumber;
import org.postgresql.replication.PGReplicationStream;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads a pipeline's logical replication slot: the committed transactions of its published tables, in commit order,
 * decoded from PostgreSQL's {@code pgoutput} protocol (version 1, values as text). A transaction arrives only after
 * it committed, and the server streams it message by message, so a transaction of any size never sits whole in
 * memory. Aborted transactions are never sent.
 *
 * <p>{@link #acknowledge} tells the server that everything up to a commit has been delivered: the slot then keeps
 * only what comes after, and a daemon that restarts reads again from there. Not thread-safe, except
 * {@link #acknowledge}, which the delivering thread may call while another reads.
 */
public final class LogicalStream implements AutoCloseable {
    /** The value of a TOASTed column an update did not change (the server does not resend it). */
    public static final String UNCHANGED = new String("(unchanged TOAST value)");

    private static final long POSTGRES_EPOCH_SECONDS = 946_684_800L;

    /** What a message of the stream is. */
    public sealed interface Message permits Begin, RowChange, Truncate, Commit {
    }

    /**
     * A transaction starts.
     *
     * @param xid        its full transaction id (with epoch, as {@code pg_current_xact_id()} gives it)
     * @param commitLsn  the WAL position of its commit record: transactions arrive in this order
     * @param commitTime when it committed
     */
    public record Begin(long xid, long commitLsn, Instant commitTime) implements Message {
    }

    /**
     * A row was inserted ({@code I}), updated ({@code U}) or deleted ({@code D}).
     *
     * @param oldValues the old row's values by the relation's column index: every column (replica identity
     *                  full), only the key columns (the others {@code null}: {@code oldIsKey}), or {@code null} when
     *                  the server sent no old row (an update that kept the key)
     * @param newValues the new row's values ({@link #UNCHANGED} for a TOASTed value the update did not change)
     * @param bytes     the size of the message that carried it
     */
    public record RowChange(char op, Relation relation, String[] oldValues, boolean oldIsKey, String[] newValues,
                            int bytes) implements Message {
    }

    /** Tables were truncated. */
    public record Truncate(List<Relation> relations) implements Message {
    }

    /** The transaction ends; {@code endLsn} is what to acknowledge once it is delivered. */
    public record Commit(long endLsn) implements Message {
    }

    /** A table as the stream describes it (by oid); the values of its rows come in {@code columns} order. */
    public record Relation(int id, List<String> columns) {
    }

    private final Connection connection;
    private final PGReplicationStream stream;
    private final Map<Integer, Relation> relations = new HashMap<>();
    private long latestXid;
    private boolean inTransaction;
    private final AtomicLong acknowledged = new AtomicLong();
    private long handedUpTo;
    private long sentAck;

    private LogicalStream(Connection connection, PGReplicationStream stream, long nextXid) {
        this.connection = connection;
        this.stream = stream;
        this.latestXid = nextXid;
    }

    /** Starts reading the slot from the position last acknowledged. */
    public static LogicalStream open(Connector connector, Slot slot, String applicationName) throws SQLException {
        Connection c = connector.openReplication(applicationName);
        try {
            long nextXid;
            try (Statement st = c.createStatement();
                 var rs = st.executeQuery("SELECT pg_snapshot_xmax(pg_current_snapshot())::text")) {
                rs.next();
                nextXid = Long.parseLong(rs.getString(1));
            }
            PGReplicationStream stream = c.unwrap(PGConnection.class).getReplicationAPI().replicationStream().logical()
                    .withSlotName(slot.name())
                    .withStartPosition(LogSequenceNumber.INVALID_LSN)
                    .withSlotOption("proto_version", "1")
                    .withSlotOption("publication_names", slot.name())
                    .withStatusInterval(1, TimeUnit.SECONDS)
                    .start();
            return new LogicalStream(c, stream, nextXid);
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /**
     * The next message, waiting up to {@code waitMillis} for one; {@code null} if none came. While nothing is
     * pending and every transaction received has been acknowledged, acknowledges the server's position too, so an
     * idle slot does not hold back WAL that other databases write.
     */
    public Message next(long waitMillis) throws SQLException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
        while (true) {
            sendAcknowledged();
            ByteBuffer buffer = stream.readPending();
            if (buffer != null) {
                Message m = decode(buffer);
                if (m != null) {
                    return m;
                }
                continue;
            }
            if (!inTransaction && acknowledged.get() >= handedUpTo) {
                long received = stream.getLastReceiveLSN().asLong();
                if (received > acknowledged.get()) {
                    acknowledge(received);
                    handedUpTo = received;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            try {
                Thread.sleep(Math.max(1, Math.min(5, TimeUnit.NANOSECONDS.toMillis(left))));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
    }

    /** Everything up to this WAL position (a {@link Commit#endLsn()}) is delivered. Thread-safe. */
    public void acknowledge(long lsn) {
        acknowledged.accumulateAndGet(lsn, Math::max);
    }

    /**
     * Tells the server the reader is alive while it is not reading (the delivering thread is busy with what it read):
     * a server that hears nothing for {@code wal_sender_timeout} ends the connection.
     */
    public void keepAlive() throws SQLException {
        sendAcknowledged();
        stream.forceUpdateStatus();
    }

    private void sendAcknowledged() throws SQLException {
        long ack = acknowledged.get();
        if (ack > sentAck) {
            LogSequenceNumber lsn = LogSequenceNumber.valueOf(ack);
            stream.setFlushedLSN(lsn);
            stream.setAppliedLSN(lsn);
            sentAck = ack;
        }
    }

    private Message decode(ByteBuffer b) {
        int bytes = b.remaining();
        char kind = (char) b.get();
        switch (kind) {
            case 'B' -> {
                long commitLsn = b.getLong();
                long micros = b.getLong();
                long xid = fullXid(Integer.toUnsignedLong(b.getInt()));
                inTransaction = true;
                return new Begin(xid, commitLsn, Instant.ofEpochSecond(POSTGRES_EPOCH_SECONDS + Math.floorDiv(micros, 1_000_000L),
                        Math.floorMod(micros, 1_000_000L) * 1000));
            }
            case 'C' -> {
                b.get();                 // flags
                b.getLong();             // commit LSN
                long end = b.getLong();
                inTransaction = false;
                handedUpTo = end;
                return new Commit(end);
            }
            case 'R' -> {
                int id = b.getInt();
                string(b);               // schema
                string(b);               // name: copiste goes by the oid, which a rename keeps
                b.get();                 // replica identity
                int n = b.getShort();
                List<String> columns = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    b.get();             // flags
                    columns.add(string(b));
                    b.getInt();          // type
                    b.getInt();          // type modifier
                }
                relations.put(id, new Relation(id, List.copyOf(columns)));
                return null;
            }
            case 'I' -> {
                Relation r = relation(b.getInt());
                b.get();                 // 'N'
                return new RowChange('I', r, null, false, tuple(b), bytes);
            }
            case 'U' -> {
                Relation r = relation(b.getInt());
                char next = (char) b.get();
                String[] old = null;
                boolean key = false;
                if (next == 'K' || next == 'O') {
                    key = next == 'K';
                    old = tuple(b);
                    b.get();             // 'N'
                }
                return new RowChange('U', r, old, key, tuple(b), bytes);
            }
            case 'D' -> {
                Relation r = relation(b.getInt());
                char next = (char) b.get();
                return new RowChange('D', r, tuple(b), next == 'K', null, bytes);
            }
            case 'T' -> {
                int n = b.getInt();
                b.get();                 // options
                List<Relation> out = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    out.add(relation(b.getInt()));
                }
                return new Truncate(out);
            }
            default -> {
                return null;             // type ('Y'), origin ('O'), logical message ('M'): not copiste's business
            }
        }
    }

    /** A 32-bit xid with the epoch of the nearest full xid seen (transactions commit out of xid order). */
    private long fullXid(long xid) {
        long candidate = (latestXid & ~0xFFFF_FFFFL) | xid;
        if (candidate < latestXid - (1L << 31)) {
            candidate += 1L << 32;
        } else if (candidate > latestXid + (1L << 31)) {
            candidate -= 1L << 32;
        }
        latestXid = Math.max(latestXid, candidate);
        return candidate;
    }

    private Relation relation(int id) {
        Relation r = relations.get(id);
        if (r == null) {
            throw new IllegalStateException("pgoutput sent a row of relation " + id + " before describing it");
        }
        return r;
    }

    private static String[] tuple(ByteBuffer b) {
        int n = b.getShort();
        String[] values = new String[n];
        for (int i = 0; i < n; i++) {
            char kind = (char) b.get();
            switch (kind) {
                case 'n' -> values[i] = null;
                case 'u' -> values[i] = UNCHANGED;
                case 't' -> {
                    int length = b.getInt();
                    values[i] = new String(b.array(), b.arrayOffset() + b.position(), length, StandardCharsets.UTF_8);
                    b.position(b.position() + length);
                }
                default -> throw new IllegalStateException("pgoutput sent a value of kind '" + kind + "'");
            }
        }
        return values;
    }

    private static String string(ByteBuffer b) {
        int start = b.position();
        int end = start;
        while (b.get(end) != 0) {
            end++;
        }
        b.position(end + 1);
        return new String(b.array(), b.arrayOffset() + start, end - start, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws SQLException {
        try {
            sendAcknowledged();
            stream.forceUpdateStatus();
            stream.close();
        } catch (SQLException ignored) {
            // the connection is gone: what was acknowledged before stands
        } finally {
            connection.close();
        }
    }
}
