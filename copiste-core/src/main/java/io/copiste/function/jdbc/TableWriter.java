package io.copiste.function.jdbc;

import io.copiste.function.BulkLoad;
import io.copiste.function.Change;
import io.copiste.function.Function;
import io.copiste.function.FunctionContext;
import io.copiste.function.FunctionException;
import io.copiste.function.Operation;
import io.copiste.function.Position;
import io.copiste.function.Prunable;
import io.copiste.function.Row;
import io.copiste.sql.SqlStates;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The running {@code jdbc.table} function of one binding.
 *
 * <p>Everything applied between two flushes is one target transaction, committed by {@link #flush} together with
 * the position it reaches: a crash before the commit loses both, after it keeps both, so no change is lost or
 * applied twice. Within a call, the changes of one key are collapsed to their net effect (insert then update: one
 * upsert; update then delete: one delete; an update that changes the key: a delete of the old key and an upsert of
 * the new), then applied as one set-based statement per kind. Each call runs under a savepoint, so a permanent
 * failure leaves the calls before it in place. If the connection is lost, the calls since the last flush are
 * replayed on a new one before going on.
 */
final class TableWriter implements Function, Prunable, BulkLoad {
    private final JdbcTarget target;
    private final Mapping mapping;
    private final FunctionContext context;
    private final List<List<Change>> pending = new ArrayList<>();
    private Connection connection;

    TableWriter(JdbcTarget target, Mapping mapping, FunctionContext context) throws SQLException {
        this.target = target;
        this.mapping = mapping;
        this.context = context;
        this.connection = connect();
        target.dialect().preparePositions(connection);
    }

    private Connection connect() throws SQLException {
        try {
            return target.open();
        } catch (SQLException e) {
            throw new SQLException("cannot connect to " + target.describe() + ": " + e.getMessage(), e.getSQLState(), e);
        }
    }

    @Override
    public void apply(List<Change> changes) throws Exception {
        ensureConnection();
        Savepoint savepoint = connection.setSavepoint();
        try {
            write(changes);
            connection.releaseSavepoint(savepoint);
            pending.add(List.copyOf(changes));
        } catch (SQLException e) {
            throw failure(e, savepoint, changes);
        }
    }

    /** Each binding writes its own table in its own transaction: the order across bindings does not matter. */
    @Override
    public boolean independent() {
        return true;
    }

    @Override
    public void flush(Position reached) throws Exception {
        ensureConnection();
        try {
            if (reached != null) {
                try (PreparedStatement ps = connection.prepareStatement(target.dialect().upsertPosition())) {
                    ps.setString(1, context.pipeline());
                    ps.setString(2, context.binding());
                    ps.setLong(3, reached.batch());
                    ps.setLong(4, reached.event());
                    ps.executeUpdate();
                }
            }
            connection.commit();
            pending.clear();
        } catch (SQLException e) {
            throw failure(e, null, List.of());
        }
    }

    @Override
    public Position storedPosition() throws SQLException {
        ensureConnection();
        try (PreparedStatement ps = connection.prepareStatement("SELECT batch, event FROM copiste_position"
                + " WHERE pipeline = ? AND binding = ?")) {
            ps.setString(1, context.pipeline());
            ps.setString(2, context.binding());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new Position(rs.getLong(1), rs.getLong(2)) : null;
            }
        } finally {
            connection.commit();
        }
    }

    /** Reconnects after a lost connection, replaying what the lost transaction held. */
    private void ensureConnection() throws SQLException {
        if (connection != null && !connection.isClosed()) {
            return;
        }
        connection = connect();
        for (List<Change> changes : pending) {
            write(changes);
        }
    }

    private Exception failure(SQLException e, Savepoint savepoint, List<Change> changes) {
        if (SqlStates.isRetryable(e) || connectionLost()) {
            closeQuietly();
            return FunctionException.retryable(target.describe() + ": " + e.getMessage(), e);
        }
        try {
            if (savepoint != null) {
                connection.rollback(savepoint);
            } else {
                connection.rollback();
                closeQuietly();
            }
        } catch (SQLException rollback) {
            closeQuietly();
            return FunctionException.retryable(target.describe() + ": " + rollback.getMessage(), rollback);
        }
        return new FunctionException(target.describe() + ": " + firstLine(e.getMessage()), false,
                changes.size() == 1 ? changes.get(0) : null, e);
    }

    private boolean connectionLost() {
        try {
            return connection == null || !connection.isValid(2);
        } catch (SQLException e) {
            return true;
        }
    }

    /** Applies the net effect of the changes; truncates split them. */
    private void write(List<Change> changes) throws SQLException {
        Map<String, Change> net = new LinkedHashMap<>();
        for (Change c : changes) {
            switch (c.operation()) {
                case TRUNCATE -> {
                    flushNet(net);
                    truncate();
                }
                case DELETE -> put(net, mapping.netKey(c.oldRow()), c);
                default -> {
                    Mapping partial = c.operation() == Operation.UPDATE && !mapping.key().isEmpty()
                            ? mapping.presentIn(c.newRow()) : mapping;
                    if (partial != mapping && c.oldRow() != null) {
                        // a new row lacking columns (TOASTed values the update left alone): update in place, in order
                        flushNet(net);
                        target.dialect().update(connection, partial, c.oldRow(), c.newRow());
                        continue;
                    }
                    if (c.operation() == Operation.UPDATE && c.oldRow() != null) {
                        String oldKey = mapping.netKey(c.oldRow());
                        if (!oldKey.equals(mapping.netKey(c.newRow()))) {
                            put(net, oldKey, new Change(c.pipeline(), c.binding(), Operation.DELETE, c.table(),
                                    c.oldRow(), null, c.txid(), c.position(), c.time()));
                        }
                    }
                    put(net, mapping.key().isEmpty() ? c.id() : mapping.netKey(c.newRow()), c);
                }
            }
        }
        flushNet(net);
    }

    private static void put(Map<String, Change> net, String key, Change c) {
        net.remove(key);   // the latest change of a key goes last
        net.put(key, c);
    }

    private void flushNet(Map<String, Change> net) throws SQLException {
        if (net.isEmpty()) {
            return;
        }
        List<Row> deletes = new ArrayList<>();
        List<Row> inserts = new ArrayList<>();
        List<Row> upserts = new ArrayList<>();
        for (Change c : net.values()) {
            if (c.operation() == Operation.DELETE) {
                if (mapping.key().isEmpty()) {
                    throw new SQLException("cannot delete from " + target.dialect().table(mapping.table())
                            + ": the table has no key (only inserts can be replicated)", "22000");
                }
                deletes.add(c.oldRow());
            } else if (c.operation() == Operation.UPDATE && mapping.key().isEmpty()) {
                throw new SQLException("cannot update " + target.dialect().table(mapping.table())
                        + ": the table has no key (only inserts can be replicated)", "22000");
            } else if (c.operation() == Operation.INSERT) {
                inserts.add(c.newRow());
            } else {
                upserts.add(c.newRow());
            }
        }
        if (!deletes.isEmpty() && mapping.onDelete() != Mapping.OnDelete.IGNORE) {
            target.dialect().delete(connection, mapping, deletes);
        }
        if (!upserts.isEmpty()) {
            target.dialect().upsert(connection, mapping, upserts);
        }
        if (!inserts.isEmpty()) {
            target.dialect().insert(connection, mapping, inserts);
        }
        net.clear();
    }

    private void truncate() throws SQLException {
        switch (mapping.onTruncate()) {
            case PROPAGATE -> target.dialect().truncate(connection, mapping);
            case FAIL -> throw new SQLException("a truncate of " + context.table().name() + " reached "
                    + target.dialect().table(mapping.table()) + " and 'onTruncate' is 'fail'", "22000");
            default -> {
            }
        }
    }

    /** PostgreSQL targets load init's rows with COPY into a staging table and one merge; MariaDB does not. */
    @Override
    public List<String> bulkColumns() {
        if (!(target.dialect() instanceof PostgresDialect)) {
            return null;
        }
        return mapping.columns().stream().filter(Mapping.Column::fromRow).map(c -> c.source() != null
                ? "\"new\"." + io.copiste.sql.Sql.ident(c.source())
                : io.copiste.sql.Sql.literal(c.constant().isNull() ? null : c.constant().asText())).toList();
    }

    @Override
    public long load(CopySource source) throws Exception {
        ensureConnection();
        try {
            return ((PostgresDialect) target.dialect()).load(connection, mapping, source);
        } catch (SQLException e) {
            throw failure(e, null, List.of());
        }
    }

    @Override
    public String identity(Row row) {
        return mapping.identity(row);
    }

    @Override
    public void scan(Consumer<String> identities) throws SQLException {
        ensureConnection();
        try {
            target.dialect().scanKeys(connection, mapping, identities);
        } finally {
            connection.commit();
        }
    }

    @Override
    public void remove(List<String> identities) throws SQLException {
        ensureConnection();
        List<Row> rows = new ArrayList<>();
        for (String id : identities) {
            var values = io.copiste.function.Json.parse(id);
            var raw = io.copiste.function.Json.MAPPER.createObjectNode();
            for (int i = 0; i < mapping.key().size(); i++) {
                raw.set(mapping.column(mapping.key().get(i)).source(), values.get(i));
            }
            Map<String, io.copiste.db.TableInfo.Column> types = new LinkedHashMap<>();
            context.table().columns().forEach(col -> types.put(col.name(), col));
            rows.add(new Row(raw, types));
        }
        target.dialect().delete(connection, new Mapping(mapping.table(), mapping.columns(), mapping.key(),
                Mapping.OnDelete.DELETE, null, mapping.onTruncate()), rows);
    }

    @Override
    public void close() {
        closeQuietly();
    }

    private void closeQuietly() {
        try {
            if (connection != null) {
                connection.close();
            }
        } catch (SQLException ignored) {
            // already gone
        }
        connection = null;
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.split("\n")[0];
    }
}
