package io.copiste.engine;

import io.copiste.function.Change;
import io.copiste.function.DeliveredFunction;
import io.copiste.function.Function;
import io.copiste.function.FunctionContext;
import io.copiste.function.FunctionDefinition;
import io.copiste.function.FunctionProvider;
import io.copiste.function.Position;
import io.copiste.function.Prunable;
import io.copiste.function.Row;
import io.copiste.manifest.Settings;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.function.Consumer;

/**
 * A test function ({@code test.mirror}) keeping table {@code mirror} of the source database equal to the bound
 * table: an idempotent upsert target, like a real replica, so tests compare target and source row by row. It can
 * enumerate its target, so {@code init --prune} works with it.
 */
public final class MirrorProvider implements FunctionProvider {
    public static final String SCHEMA = "CREATE TABLE IF NOT EXISTS mirror (binding text, k text, row_json jsonb,"
            + " PRIMARY KEY (binding, k))";

    @Override
    public String type() {
        return "test.mirror";
    }

    @Override
    public FunctionDefinition define(Settings settings) {
        return (DeliveredFunction) Mirror::new;
    }

    private static final class Mirror implements Function, Prunable {
        private final FunctionContext context;
        private Connection c;

        Mirror(FunctionContext context) throws SQLException {
            this.context = context;
            this.c = context.source().get();
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.execute(SCHEMA);
            }
            c.commit();
        }

        @Override
        public void apply(List<Change> changes) throws SQLException {
            if (!c.isValid(2)) {
                c.close();
                c = context.source().get();
                c.setAutoCommit(false);
            }
            try {
                for (Change ch : changes) {
                    switch (ch.operation()) {
                        case TRUNCATE -> update("DELETE FROM mirror WHERE binding = ?");
                        case DELETE -> update("DELETE FROM mirror WHERE binding = ? AND k = ?", identity(ch.oldRow()));
                        default -> {
                            if (ch.oldRow() != null && !identity(ch.oldRow()).equals(identity(ch.newRow()))) {
                                update("DELETE FROM mirror WHERE binding = ? AND k = ?", identity(ch.oldRow()));
                            }
                            update("INSERT INTO mirror VALUES (?, ?, ?::jsonb) ON CONFLICT (binding, k)"
                                    + " DO UPDATE SET row_json = EXCLUDED.row_json", identity(ch.newRow()),
                                    ch.newRow().raw().toString());
                        }
                    }
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }

        private void update(String sql, String... args) throws SQLException {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, context.binding());
                for (int i = 0; i < args.length; i++) {
                    ps.setString(i + 2, args[i]);
                }
                ps.executeUpdate();
            }
        }

        @Override
        public void flush(Position reached) throws SQLException {
            c.commit();
        }

        @Override
        public String identity(Row row) {
            return row.select(context.key()).toString();
        }

        @Override
        public void scan(Consumer<String> identities) throws SQLException {
            try (PreparedStatement ps = c.prepareStatement("SELECT k FROM mirror WHERE binding = ?")) {
                ps.setString(1, context.binding());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        identities.accept(rs.getString(1));
                    }
                }
            }
        }

        @Override
        public void remove(List<String> identities) throws SQLException {
            for (String k : identities) {
                update("DELETE FROM mirror WHERE binding = ? AND k = ?", k);
            }
            c.commit();
        }

        @Override
        public void close() throws SQLException {
            c.close();
        }
    }
}
