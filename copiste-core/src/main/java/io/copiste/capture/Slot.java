package io.copiste.capture;

import io.copiste.sql.Sql;
import io.copiste.sql.TableName;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The capture objects of a pipeline with {@code capture: logical}: a logical replication slot using the
 * {@code pgoutput} plugin and a publication of the bound tables, both named {@link #name()}. No trigger, no queue:
 * the daemon reads committed transactions from the slot in commit order and acknowledges each one after delivery,
 * which moves the slot forward (see docs/capture.md).
 *
 * @param pipeline the pipeline's name
 * @param database the database it captures (slot names are unique in the whole server, not per database)
 */
public record Slot(String pipeline, String database) {
    public Slot {
        Objects.requireNonNull(pipeline, "pipeline");
        Objects.requireNonNull(database, "database");
    }

    /** The slot of a pipeline in the database of this connection. */
    public static Slot of(Connection c, String pipeline) throws SQLException {
        try (var st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT current_database()")) {
            rs.next();
            return new Slot(pipeline, rs.getString(1));
        }
    }

    /**
     * The slot's and the publication's name: {@code copiste_<pipeline>_<hash>}, in the characters slot names allow
     * (lower-case letters, digits, underscore), at most 63 of them; the hash, of the database and pipeline names,
     * keeps apart pipelines of the same name in two databases of one server, and names that differ only in case
     * or punctuation.
     */
    public String name() {
        String base = pipeline.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        if (base.length() > 45) {
            base = base.substring(0, 45);
        }
        return "copiste_" + base + "_" + Sql.sha256Hex(database + "/" + pipeline).substring(0, 8);
    }

    /** The publication, quoted. */
    public String publication() {
        return Sql.ident(name());
    }

    /** Creates the slot. Not transactional: if the install fails later, {@link #dropSlotStatement()} undoes it. */
    public String createSlotStatement() {
        return "SELECT pg_catalog.pg_create_logical_replication_slot(" + Sql.literal(name()) + ", 'pgoutput')";
    }

    /** Creates the publication of the tables (committed before the slot is created). */
    public String createPublicationStatement(Set<TableName> tables) {
        return "CREATE PUBLICATION " + publication() + " FOR TABLE " + tableList(tables)
                + " WITH (publish = 'insert, update, delete, truncate')";
    }

    /**
     * Creates the pipeline's consumer row, whose {@code batch_id} is the install's time in microseconds: a change's
     * position is that plus its commit's WAL position (see {@link Queue#BATCH_BASE}).
     */
    public String consumerStatement() {
        return "INSERT INTO copiste.consumer (pipeline, snap_from, batch_id) VALUES (" + Sql.literal(pipeline)
                + ", pg_current_snapshot(), " + Queue.INSTALL_MICROS + ") ON CONFLICT (pipeline) DO NOTHING";
    }

    /** Whether the publication exists. */
    public boolean publicationExists(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM pg_catalog.pg_publication WHERE pubname = ?")) {
            ps.setString(1, name());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1) > 0;
            }
        }
    }

    /** What makes an existing slot's publication publish exactly these tables (empty when it does). */
    public List<String> repairStatements(Connection c, Set<TableName> tables) throws SQLException {
        if (!publicationExists(c)) {
            // dropped by hand: recreated, though changes made meanwhile cannot be decoded (see docs/capture.md)
            return List.of(createPublicationStatement(tables), consumerStatement());
        }
        Set<String> have = new TreeSet<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT schemaname, tablename FROM pg_catalog.pg_publication_tables"
                + " WHERE pubname = ?")) {
            ps.setString(1, name());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    have.add(TableName.of(rs.getString(1), rs.getString(2)).toString());
                }
            }
        }
        Set<String> want = new TreeSet<>();
        tables.forEach(t -> want.add(t.toString()));
        return have.equals(want) ? List.of() : List.of("ALTER PUBLICATION " + publication() + " SET TABLE " + tableList(tables));
    }

    /** Drops the publication and the consumer row; the slot goes last, with {@link #dropSlotStatement()}. */
    public List<String> dropStatements() {
        List<String> out = new ArrayList<>(Queue.forgetStatements(pipeline));
        out.add(dropPublicationStatement());
        return out;
    }

    /** Drops the publication if it exists. */
    public String dropPublicationStatement() {
        return "DROP PUBLICATION IF EXISTS " + publication();
    }

    /** Drops the slot if it exists (not transactional: run it last). */
    public String dropSlotStatement() {
        return "SELECT pg_catalog.pg_drop_replication_slot(slot_name) FROM pg_catalog.pg_replication_slots"
                + " WHERE slot_name = " + Sql.literal(name());
    }

    /** Whether the slot exists in this database. */
    public boolean exists(Connection c) throws SQLException {
        return state(c).isPresent();
    }

    /**
     * The slot as the server sees it.
     *
     * @param activePid   the server process reading it, or 0
     * @param behindBytes WAL written since the position the daemon last acknowledged (what the slot holds back)
     * @param lag         how long the server waited for the daemon to acknowledge what it sent lately (PostgreSQL's
     *                    {@code replay_lag}); zero when idle
     */
    public record State(int activePid, long behindBytes, java.time.Duration lag) {
    }

    /** The slot's state, or empty if it does not exist. */
    public Optional<State> state(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT coalesce(s.active_pid, 0),"
                + " coalesce(pg_catalog.pg_wal_lsn_diff(pg_catalog.pg_current_wal_lsn(), s.confirmed_flush_lsn), 0)::bigint,"
                + " coalesce(extract(epoch FROM r.replay_lag) * 1000, 0)::bigint"
                + " FROM pg_catalog.pg_replication_slots s LEFT JOIN pg_catalog.pg_stat_replication r ON r.pid = s.active_pid"
                + " WHERE s.slot_name = ? AND s.database = current_database()")) {
            ps.setString(1, name());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new State(rs.getInt(1), rs.getLong(2),
                        java.time.Duration.ofMillis(rs.getLong(3)))) : Optional.empty();
            }
        }
    }

    private static String tableList(Set<TableName> tables) {
        List<String> out = new ArrayList<>();
        tables.forEach(t -> out.add(t.sql()));
        return String.join(", ", out);
    }
}
