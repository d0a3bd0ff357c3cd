package io.copiste.engine;

import io.copiste.function.Change;
import io.copiste.function.DeliveredFunction;
import io.copiste.function.Function;
import io.copiste.function.FunctionContext;
import io.copiste.function.FunctionDefinition;
import io.copiste.function.FunctionException;
import io.copiste.function.FunctionProvider;
import io.copiste.manifest.Settings;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * A test function ({@code test.record}) that records every change it receives into table {@code delivered} of the
 * source database (first delivery of each change id kept, in arrival order, with the size of the call that brought it), so tests check delivery with SQL.
 * It fails permanently on rows whose {@code bad} column is true (unless table {@code lenient} has a row), and
 * retryably while table {@code outage} has a row — target faults driven from the test, without static state.
 */
public final class RecordingProvider implements FunctionProvider {
    static final String SCHEMA = """
            CREATE TABLE IF NOT EXISTS delivered (seq bigserial, id text PRIMARY KEY, binding text, op text,
                k text, position text, batch bigint, event bigint, row_json text, arrivals int DEFAULT 1,
                call_size int);
            CREATE TABLE IF NOT EXISTS outage (since timestamptz DEFAULT now());
            CREATE TABLE IF NOT EXISTS lenient (since timestamptz DEFAULT now())""";

    @Override
    public String type() {
        return "test.record";
    }

    @Override
    public FunctionDefinition define(Settings settings) {
        return (DeliveredFunction) context -> new Recording(context);
    }

    private static final class Recording implements Function {
        private Connection c;
        private final FunctionContext context;

        Recording(FunctionContext context) throws SQLException {
            this.context = context;
            this.c = context.source().get();
            try (Statement st = c.createStatement()) {
                st.execute(SCHEMA);
            }
        }

        @Override
        public void apply(List<Change> changes) throws Exception {
            if (!c.isValid(2)) {
                c.close();
                c = context.source().get();   // a real target reconnects after losing its server
            }
            boolean lenient;
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                    "SELECT (SELECT count(*) FROM outage), (SELECT count(*) FROM lenient)")) {
                rs.next();
                if (rs.getInt(1) > 0) {
                    throw FunctionException.retryable("target is down (a row in table outage)", null);
                }
                lenient = rs.getInt(2) > 0;
            }
            for (Change ch : changes) {
                if (!lenient && ch.row() != null && ch.row().has("bad") && Boolean.TRUE.equals(ch.row().get("bad"))) {
                    throw new FunctionException("row is bad for the target", false, ch, null);
                }
            }
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO delivered (id, binding, op, k, position, batch, event, row_json, call_size)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (id) DO UPDATE SET arrivals = delivered.arrivals + 1""")) {
                for (Change ch : changes) {
                    ps.setString(1, ch.id());
                    ps.setString(2, ch.binding());
                    ps.setString(3, ch.operation().manifestName());
                    ps.setString(4, ch.row() == null || context.key().isEmpty() ? null
                            : ch.row().select(context.key()).toString());
                    ps.setString(5, ch.position().toString());
                    ps.setLong(6, ch.position().batch());
                    ps.setLong(7, ch.position().event());
                    ps.setString(8, ch.row() == null ? null : ch.row().raw().toString());
                    ps.setInt(9, changes.size());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }

        @Override
        public void close() throws SQLException {
            c.close();
        }
    }
}
