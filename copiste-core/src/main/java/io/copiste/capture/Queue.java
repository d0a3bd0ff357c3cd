package io.copiste.capture;

import io.copiste.sql.Sql;

import java.util.List;
import java.util.Objects;

/**
 * A pipeline's change queue: the objects in schema {@code copiste} that hold captured changes until
 * {@code copiste run} has delivered them.
 *
 * <p>The queue is a table partitioned by LIST on {@code ev_part} into {@value #PARTS} partitions. Capture
 * triggers insert into the partition named by the rotation sequence; the daemon periodically switches to the
 * other partition and, once every transaction that could still write to the old one has been delivered,
 * TRUNCATEs it. Consumed events are therefore never deleted row by row: no dead rows pile up for vacuum, and
 * the queue's size stays bounded under sustained load (the PgQ/Slony design; see docs/capture.md).
 *
 * @param pipeline the pipeline's name
 */
public record Queue(String pipeline) {
    /** Number of partitions; rotation alternates between them. */
    public static final int PARTS = 2;

    public Queue {
        Objects.requireNonNull(pipeline, "pipeline");
    }

    private String name(String suffix) {
        return Sql.fitName("q/" + pipeline + suffix);
    }

    /** The partitioned queue table, quoted. */
    public String table() {
        return Sql.ident("copiste", name(""));
    }

    /** One partition, quoted. */
    public String partition(int part) {
        return Sql.ident("copiste", name("/" + part));
    }

    /** The event id sequence, quoted. */
    public String eventSequence() {
        return Sql.ident("copiste", name("/ev"));
    }

    /** The rotation sequence, whose {@code last_value % PARTS} is the partition being written, quoted. */
    public String rotationSequence() {
        return Sql.ident("copiste", name("/rot"));
    }

    /**
     * The wake flag: 1 while the daemon sleeps waiting for changes, else 0. Capture triggers notify only while it
     * is 1, so a busy pipeline commits without NOTIFY (whose commit-time queue lock serializes writers), and an
     * idle one still wakes at once. A sequence, because it is read and set outside any transaction's snapshot.
     */
    public String wakeSequence() {
        return Sql.ident("copiste", name("/wake"));
    }

    /** The unquoted name of the queue table, for catalog lookups. */
    public String tableName() {
        return name("");
    }

    /** The LISTEN/NOTIFY channel on which capture triggers wake the daemon. */
    public String channel() {
        return Sql.fitName("copiste/" + pipeline);
    }

    /** The advisory lock class shared by install ('copi', 1) and the daemons ('copi', {@link #lockKey()}). */
    public static final int LOCK_CLASS = 0x636f7069;

    /**
     * The second half of the advisory lock held by the pipeline's active daemon: 32 bits of the SHA-256 of the
     * pipeline's name, never 1 (install's lock).
     */
    public int lockKey() {
        int key = Integer.parseUnsignedInt(Sql.sha256Hex(pipeline).substring(0, 8), 16);
        return key == 1 ? 2 : key;
    }

    /** The statement capture triggers run to wake a sleeping daemon (at commit). */
    public String wakeStatement() {
        return "IF (SELECT last_value FROM " + wakeSequence() + ") = 1 THEN\n        PERFORM pg_notify("
                + Sql.literal(channel()) + ", '');\n    END IF;";
    }

    /** The advisory lock held by a running {@code copiste init} of this pipeline: the daemon pauses meanwhile. */
    public int initLockKey() {
        int key = lockKey() ^ 0x494e4954;
        return key == 1 || key == lockKey() ? 3 : key;
    }

    /** SQL true while a {@code copiste init} of this pipeline runs (reads pg_locks: not bound to any snapshot). */
    public String initRunningCondition() {
        return "EXISTS (SELECT 1 FROM pg_catalog.pg_locks l WHERE l.locktype = 'advisory' AND l.classid = "
                + LOCK_CLASS + "::oid AND l.objid = " + Integer.toUnsignedLong(initLockKey()) + "::bigint::oid"
                + " AND l.objsubid = 2 AND l.granted"
                + " AND l.database = (SELECT oid FROM pg_catalog.pg_database WHERE datname = current_database()))";
    }

    /** The expression capture triggers use to pick the partition being written. */
    public String currentPartExpression() {
        return "(SELECT last_value FROM " + rotationSequence() + ")::smallint % " + PARTS;
    }

    /**
     * Where an install's batch numbers start: its time in microseconds plus the server's WAL position in bytes. Both
     * only grow, so a position that an exactly-once target kept from an earlier install of the same pipeline (in
     * either capture mode) never covers, and so never skips, the new install's changes: a trigger pipeline's batch
     * numbers grow by one per batch (less than one per microsecond) from here; a logical pipeline's are its install
     * time in microseconds ({@link #INSTALL_MICROS}) plus the commit's WAL position, which is below any later
     * install's WAL position.
     */
    public static final String BATCH_BASE = "(" + Queue.INSTALL_MICROS
            + " + pg_catalog.pg_wal_lsn_diff(pg_catalog.pg_current_wal_lsn(), '0/0')::bigint)";

    /** The install's time in microseconds. */
    static final String INSTALL_MICROS = "(extract(epoch FROM clock_timestamp()) * 1000000)::bigint";

    /** Creates the queue and the pipeline's consumer row (starting after the install transaction). */
    public List<String> createStatements() {
        List<String> out = new java.util.ArrayList<>(List.of(
                "CREATE SEQUENCE " + eventSequence() + " AS bigint",
                "CREATE SEQUENCE " + rotationSequence() + " AS bigint MINVALUE 0 START 0",
                createWakeSequence(),
                """
                CREATE TABLE %s (
                    ev_id bigint NOT NULL DEFAULT nextval('%s'),
                    ev_txid xid8 NOT NULL,
                    ev_time timestamptz NOT NULL,
                    ev_binding text NOT NULL,
                    ev_op "char" NOT NULL,
                    ev_old json,
                    ev_new json,
                    ev_part smallint NOT NULL
                ) PARTITION BY LIST (ev_part)""".formatted(table(), eventSequence().replace("'", "''"))));
        for (int p = 0; p < PARTS; p++) {
            out.add("CREATE TABLE " + partition(p) + " PARTITION OF " + table() + " FOR VALUES IN (" + p + ")");
        }
        out.add("CREATE INDEX " + Sql.ident(name("/txid")) + " ON " + table() + " (ev_txid)");
        out.add("INSERT INTO copiste.consumer (pipeline, snap_from, batch_id) VALUES (" + Sql.literal(pipeline)
                + ", pg_current_snapshot(), " + BATCH_BASE + ")");
        return List.copyOf(out);
    }

    private String createWakeSequence() {
        return "CREATE SEQUENCE " + wakeSequence() + " AS bigint MINVALUE 0 MAXVALUE 1 START 0";
    }

    /**
     * What an existing queue made by an older copiste lacks, as statements (empty when complete). The queue's
     * rows are kept.
     */
    public List<String> repairStatements(java.sql.Connection c) throws java.sql.SQLException {
        try (var ps = c.prepareStatement("SELECT to_regclass(?) IS NULL")) {
            ps.setString(1, wakeSequence());
            try (var rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1) ? List.of(createWakeSequence()) : List.of();
            }
        }
    }

    /** Forgets a pipeline's progress: its consumer row, init records and parked changes (either capture mode). */
    static List<String> forgetStatements(String pipeline) {
        return List.of("DELETE FROM copiste.consumer WHERE pipeline = " + Sql.literal(pipeline),
                "DELETE FROM copiste.init WHERE pipeline = " + Sql.literal(pipeline),
                "DELETE FROM copiste.dlq WHERE pipeline = " + Sql.literal(pipeline));
    }

    /** Drops the queue (undelivered events are lost) and the consumer row. */
    public List<String> dropStatements() {
        List<String> out = new java.util.ArrayList<>(forgetStatements(pipeline));
        out.addAll(List.of("DROP TABLE IF EXISTS " + table(),
                "DROP SEQUENCE IF EXISTS " + eventSequence(),
                "DROP SEQUENCE IF EXISTS " + rotationSequence(),
                "DROP SEQUENCE IF EXISTS " + wakeSequence()));
        return out;
    }
}
