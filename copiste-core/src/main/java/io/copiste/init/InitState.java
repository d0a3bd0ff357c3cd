package io.copiste.init;


import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * An init's record in {@code copiste.init} and {@code copiste.init_chunk}: its snapshot and which chunks are
 * done, so that {@code --resume} continues an interrupted run.
 * Writes autocommit on the control connection.
 */
final class InitState {
    private final Connection c;
    private final String pipeline;

    InitState(Connection control, String pipeline) {
        this.c = control;
        this.pipeline = pipeline;
    }

    /** Starts a binding's init afresh, forgetting any earlier unfinished one. */
    void start(String binding, String snapshot, List<TableReader.Chunk> chunks) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            execute("DELETE FROM copiste.init WHERE pipeline = ? AND binding = ?", binding);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO copiste.init (pipeline, binding, snapshot, state)"
                    + " VALUES (?, ?, ?::pg_snapshot, 'running')")) {
                ps.setString(1, pipeline);
                ps.setString(2, binding);
                ps.setString(3, snapshot);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO copiste.init_chunk (pipeline, binding, chunk,"
                    + " lower_key, upper_key) VALUES (?, ?, ?, ?, ?)")) {
                for (TableReader.Chunk chunk : chunks) {
                    ps.setString(1, pipeline);
                    ps.setString(2, binding);
                    ps.setInt(3, chunk.index());
                    ps.setString(4, TableReader.encode(chunk.lower()));
                    ps.setString(5, TableReader.encode(chunk.upper()));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }

    /** An interrupted init of a binding: its snapshot and the chunks not done, or {@code null}. */
    Unfinished unfinished(String binding) throws SQLException {
        long rows;
        try (PreparedStatement ps = c.prepareStatement("SELECT rows FROM copiste.init WHERE pipeline = ?"
                + " AND binding = ? AND state = 'running'")) {
            ps.setString(1, pipeline);
            ps.setString(2, binding);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                rows = rs.getLong(1);
            }
        }
        List<TableReader.Chunk> todo = new ArrayList<>();
        int total = 0;
        try (PreparedStatement ps = c.prepareStatement("SELECT chunk, lower_key, upper_key, done FROM copiste.init_chunk"
                + " WHERE pipeline = ? AND binding = ? ORDER BY chunk")) {
            ps.setString(1, pipeline);
            ps.setString(2, binding);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    total++;
                    if (!rs.getBoolean(4)) {
                        todo.add(new TableReader.Chunk(binding, rs.getInt(1), TableReader.decode(rs.getString(2)),
                                TableReader.decode(rs.getString(3))));
                    }
                }
            }
        }
        return new Unfinished(todo, total, rows);
    }

    /** An interrupted init. */
    record Unfinished(List<TableReader.Chunk> todo, int chunks, long rowsDone) {
    }

    synchronized void chunkDone(TableReader.Chunk chunk, long rows) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE copiste.init_chunk SET done = true, rows = ?"
                + " WHERE pipeline = ? AND binding = ? AND chunk = ?")) {
            ps.setLong(1, rows);
            ps.setString(2, pipeline);
            ps.setString(3, chunk.binding());
            ps.setInt(4, chunk.index());
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE copiste.init SET rows = rows + ? WHERE pipeline = ?"
                + " AND binding = ?")) {
            ps.setLong(1, rows);
            ps.setString(2, pipeline);
            ps.setString(3, chunk.binding());
            ps.executeUpdate();
        }
    }

    /** Marks a binding's init done. */
    synchronized void finish(String binding) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE copiste.init SET state = 'done', finished_at = now()"
                + " WHERE pipeline = ? AND binding = ?")) {
            ps.setString(1, pipeline);
            ps.setString(2, binding);
            ps.executeUpdate();
        }
        execute("DELETE FROM copiste.init_chunk WHERE pipeline = ? AND binding = ?", binding);
    }

    private void execute(String sql, String binding) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, pipeline);
            ps.setString(2, binding);
            ps.executeUpdate();
        }
    }
}
