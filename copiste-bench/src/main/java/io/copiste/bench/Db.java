package io.copiste.bench;

import io.copiste.Copiste;
import io.copiste.db.Connector;
import io.copiste.engine.Engine;
import io.copiste.engine.RunOptions;
import io.copiste.manifest.Manifest;
import io.copiste.testkit.PostgresServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** SQL and pipeline helpers shared by the scenarios. */
final class Db {
    private Db() {
    }

    static long scalar(PostgresServer server, String database, String sql) {
        try (Connection c = server.connect(database); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    static long scalar(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** A pipeline on a database of the server, from the YAML of a manifest (without its {@code source:}). */
    static Copiste copiste(PostgresServer server, String database, String yaml) {
        Manifest m = Manifest.parse(yaml, "bench.yaml");
        return Copiste.of(m, Connector.of(server.host(), server.port(), database, server.user()));
    }

    /** An engine started on its own thread, with the defaults of {@code copiste run} but the given batch size. */
    static Running start(Copiste copiste, RunOptions options) {
        Engine engine = copiste.engine(options, new SimpleMeterRegistry());
        CompletableFuture<Void> done = CompletableFuture.runAsync(engine::run);
        return new Running(engine, done);
    }

    record Running(Engine engine, CompletableFuture<Void> done) implements AutoCloseable {
        @Override
        public void close() throws InterruptedException {
            engine.stopAndWait(Duration.ofSeconds(60));
            if (done.isCompletedExceptionally()) {
                done.join();   // rethrows what stopped the engine
            }
        }
    }

    static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
