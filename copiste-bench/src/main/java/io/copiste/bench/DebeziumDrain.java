package io.copiste.bench;

import io.copiste.testkit.PostgresServer;
import io.debezium.engine.ChangeEvent;
import io.debezium.engine.DebeziumEngine;
import io.debezium.embedded.Connect;
import org.apache.kafka.connect.source.SourceRecord;

import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Debezium's embedded engine with the PostgreSQL connector (pgoutput) reading a backlog into a no-op consumer
 * that only counts, with Debezium's default batch and queue sizes. The slot and the publication are created
 * before the load so that Debezium streams exactly that load ({@code snapshot.mode=no_data}).
 */
final class DebeziumDrain {
    private static final String SLOT = "bench_dbz";
    private static final String PUBLICATION = "bench_dbz_pub";

    private final PostgresServer server;
    private final String database;
    private final String table;

    DebeziumDrain(PostgresServer server, String database, String table) {
        this.server = server;
        this.database = database;
        this.table = table;
    }

    void prepare() {
        server.execute(database, "CREATE PUBLICATION " + PUBLICATION + " FOR TABLE " + table,
                "SELECT pg_create_logical_replication_slot('" + SLOT + "', 'pgoutput')");
    }

    void dropSlot() {
        try {
            server.execute(database, "SELECT pg_drop_replication_slot('" + SLOT + "')");
        } catch (RuntimeException e) {
            Bench.log("debezium: slot not dropped: " + e.getMessage());
        }
    }

    /** Streams {@code n} change events into the no-op consumer; returns events per second, first to last. */
    double drain(long n) throws Exception {
        Properties p = new Properties();
        p.setProperty("name", "copiste-bench");
        p.setProperty("connector.class", "io.debezium.connector.postgresql.PostgresConnector");
        p.setProperty("offset.storage", "org.apache.kafka.connect.storage.MemoryOffsetBackingStore");
        p.setProperty("offset.flush.interval.ms", "10000");
        p.setProperty("database.hostname", server.host());
        p.setProperty("database.port", Integer.toString(server.port()));
        p.setProperty("database.user", server.user());
        p.setProperty("database.password", "");
        p.setProperty("database.dbname", database);
        p.setProperty("topic.prefix", "bench");
        p.setProperty("plugin.name", "pgoutput");
        p.setProperty("slot.name", SLOT);
        p.setProperty("publication.name", PUBLICATION);
        p.setProperty("publication.autocreate.mode", "disabled");
        p.setProperty("table.include.list", "public." + table);
        p.setProperty("snapshot.mode", "no_data");
        Probe probe = Probe.named("debezium").reset(false);
        DebeziumEngine.ChangeConsumer<ChangeEvent<SourceRecord, SourceRecord>> consumer = (records, committer) -> {
            int data = 0;
            for (ChangeEvent<SourceRecord, SourceRecord> r : records) {
                if (r.value() != null && r.value().value() != null && r.destination().endsWith("." + table)) {
                    data++;
                }
                committer.markProcessed(r);
            }
            committer.markBatchFinished();
            if (data > 0) {
                probe.saw(data);
            }
        };
        ExecutorService executor = Executors.newSingleThreadExecutor();
        Throwable[] failure = new Throwable[1];
        try (DebeziumEngine<ChangeEvent<SourceRecord, SourceRecord>> engine = DebeziumEngine.create(Connect.class)
                .using(p).notifying(consumer)
                .using((success, message, error) -> {
                    if (!success) {
                        failure[0] = error != null ? error : new IllegalStateException(message);
                    }
                })
                .build()) {
            executor.execute(engine);
            long end = System.currentTimeMillis() + 1_800_000;
            while (probe.count() < n && failure[0] == null && System.currentTimeMillis() < end) {
                Thread.sleep(5);
            }
        } finally {
            executor.shutdown();
            executor.awaitTermination(60, TimeUnit.SECONDS);
        }
        if (probe.count() < n) {
            throw new IllegalStateException("Debezium delivered " + probe.count() + " of " + n + " events"
                    + (failure[0] != null ? ": " + failure[0] : ""), failure[0]);
        }
        return n / Db.seconds(probe.last() - probe.first());
    }

    static List<String> versions() {
        return List.of(io.debezium.connector.postgresql.Module.version());
    }
}
