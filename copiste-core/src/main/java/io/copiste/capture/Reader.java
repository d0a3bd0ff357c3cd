package io.copiste.capture;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/**
 * Streams one batch's events from the queue in event-id order, with a server-side cursor so that a batch of any
 * size (one transaction of a million rows) never sits whole in memory. Not thread-safe; one batch at a time.
 */
public final class Reader implements AutoCloseable {
    /** The events of the batch (from, to]: parameters from, to, to, from. */
    static final String RANGE = "ev_txid >= pg_snapshot_xmin(?::pg_snapshot) AND ev_txid < pg_snapshot_xmax(?::pg_snapshot)"
            + " AND pg_visible_in_snapshot(ev_txid, ?::pg_snapshot) AND NOT pg_visible_in_snapshot(ev_txid, ?::pg_snapshot)";

    /** One captured change, as stored. */
    public record Event(long id, long txid, Instant time, String binding, char op, String oldJson, String newJson) {
        /** About how much room its rows take, in characters of JSON. */
        public int bytes() {
            return (oldJson == null ? 0 : oldJson.length()) + (newJson == null ? 0 : newJson.length());
        }
    }

    private final Connection connection;
    private final PreparedStatement statement;
    private final ResultSet rows;

    /**
     * Starts reading a batch's events after {@code batch.done()}.
     *
     * @param connection a connection in manual-commit mode, used only by this reader until closed
     */
    public Reader(Connection connection, Queue queue, Consumer.Batch batch, int fetchSize) throws SQLException {
        this.connection = connection;
        this.statement = connection.prepareStatement("SELECT ev_id, ev_txid::text, ev_time, ev_binding, ev_op,"
                + " ev_old::text, ev_new::text FROM " + queue.table() + " WHERE " + RANGE + " AND ev_id > ?"
                + " ORDER BY ev_id");
        statement.setFetchSize(fetchSize);
        statement.setString(1, batch.from());
        statement.setString(2, batch.to());
        statement.setString(3, batch.to());
        statement.setString(4, batch.from());
        statement.setLong(5, batch.done());
        this.rows = statement.executeQuery();
    }

    /** The next event, or {@code null} at the end of the batch. */
    public Event next() throws SQLException {
        if (!rows.next()) {
            return null;
        }
        return new Event(rows.getLong(1), Long.parseLong(rows.getString(2)), rows.getTimestamp(3).toInstant(),
                rows.getString(4), rows.getString(5).charAt(0), rows.getString(6), rows.getString(7));
    }

    @Override
    public void close() throws SQLException {
        try {
            rows.close();
            statement.close();
        } finally {
            connection.commit();
        }
    }
}
