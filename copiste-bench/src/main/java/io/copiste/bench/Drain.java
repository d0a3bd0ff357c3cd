package io.copiste.bench;

import io.copiste.Copiste;
import io.copiste.engine.RunOptions;
import io.copiste.testkit.PostgresServer;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Scenario 2: one load of N single-table inserts (transactions of 10,000 rows), captured at once into two copiste
 * queues (pipelines {@code drain_noop} and {@code drain_jsonl}) and into a logical replication slot for Debezium;
 * then each reader drains the whole backlog alone, one after the other. Events per second are counted from the
 * first event received to the last, so start-up time favours neither side.
 */
final class Drain {
    private static final String TABLE = """
            CREATE TABLE drain_t (id bigint PRIMARY KEY, account int NOT NULL, amount numeric(12,2) NOT NULL,
                label text NOT NULL, at timestamptz NOT NULL DEFAULT now())""";

    private Drain() {
    }

    static List<Result> run(PostgresServer server, Options o) throws Exception {
        int n = o.integer("events");
        String db = server.createDatabase("drain");
        server.execute(db, TABLE);
        Path jsonl = Files.createTempFile("copiste-bench-", ".jsonl");
        Copiste noop = Db.copiste(server, db, """
                pipeline: drain_noop
                bindings:
                  - {name: t, table: drain_t, function: {type: bench.noop, probe: drain}}
                """);
        Copiste json = Db.copiste(server, db, """
                pipeline: drain_jsonl
                bindings:
                  - {name: t, table: drain_t, function: {type: jsonl, path: '%s'}}
                """.formatted(jsonl));
        Copiste logical = Db.copiste(server, db, """
                pipeline: drain_logical
                capture: logical
                bindings:
                  - {name: t, table: drain_t, function: {type: bench.noop, probe: drain_logical}}
                """);
        noop.install();
        json.install();
        logical.install();
        DebeziumDrain debezium = new DebeziumDrain(server, db, "drain_t");
        debezium.prepare();
        load(server, db, n);
        Bench.log("drain: loaded " + n + " rows");

        List<Result> results = new ArrayList<>();
        RunOptions options = RunOptions.DEFAULTS;
        Probe probe = Probe.named("drain").reset(false);
        double noopRate;
        try (Db.Running r = Db.start(noop, options)) {
            if (!probe.await(n, 1_800_000)) {
                throw new IllegalStateException("no-op drain saw only " + probe.count() + " of " + n);
            }
            noopRate = n / Db.seconds(probe.last() - probe.first());
        }
        Bench.log("drain: noop " + Stats.number(noopRate) + " ev/s");

        Probe logicalProbe = Probe.named("drain_logical").reset(false);
        double logicalRate;
        try (Db.Running r = Db.start(logical, options)) {
            if (!logicalProbe.await(n, 1_800_000)) {
                throw new IllegalStateException("logical drain saw only " + logicalProbe.count() + " of " + n);
            }
            logicalRate = n / Db.seconds(logicalProbe.last() - logicalProbe.first());
        }
        logical.uninstall(true);
        Bench.log("drain: logical noop " + Stats.number(logicalRate) + " ev/s");

        double jsonlRate;
        try (Db.Running r = Db.start(json, options)) {
            long[] firstAndLast = awaitLines(jsonl, n, 1_800_000);
            jsonlRate = n / Db.seconds(firstAndLast[1] - firstAndLast[0]);
        } finally {
            Files.deleteIfExists(jsonl);
        }
        Bench.log("drain: jsonl " + Stats.number(jsonlRate) + " ev/s");

        String scenario = "drain " + Stats.count(n) + " queued events";
        try {
            double dbz = debezium.drain(n);
            Bench.log("drain: debezium " + Stats.number(dbz) + " ev/s");
            results.add(new Result(scenario + " to a no-op function vs Debezium embedded (pgoutput) into a no-op consumer",
                    Stats.number(noopRate) + " events/s", Stats.number(dbz) + " events/s", Stats.ratio(noopRate / dbz),
                    "≥ 2.00", Result.verdict(noopRate / dbz >= 2)));
            results.add(new Result("drain " + Stats.count(n) + " changes from a replication slot (`capture: logical`) to"
                    + " a no-op function vs Debezium embedded (pgoutput) into a no-op consumer",
                    Stats.number(logicalRate) + " events/s", Stats.number(dbz) + " events/s",
                    Stats.ratio(logicalRate / dbz), "≥ 2.00", Result.verdict(logicalRate / dbz >= 2)));
            results.add(new Result(scenario + " to `jsonl` (a file) vs Debezium into a no-op consumer",
                    Stats.number(jsonlRate) + " events/s", Stats.number(dbz) + " events/s",
                    Stats.ratio(jsonlRate / dbz), "ahead of Debezium", Result.verdict(jsonlRate > dbz)));
        } catch (Exception | LinkageError e) {
            Bench.log("drain: debezium failed: " + e);
            e.printStackTrace();
            results.add(new Result(scenario + " to a no-op function", Stats.number(noopRate) + " events/s",
                    "Debezium failed", "—", "≥ 2.00 × Debezium", "Debezium did not run: " + e));
            results.add(new Result(scenario + " to `jsonl` (a file)", Stats.number(jsonlRate) + " events/s", "—",
                    "—", "—", "—"));
            results.add(new Result("drain from a replication slot (`capture: logical`) to a no-op function",
                    Stats.number(logicalRate) + " events/s", "—", "—", "—", "—"));
        } finally {
            debezium.dropSlot();
        }
        return results;
    }

    static void load(PostgresServer server, String db, int n) {
        int per = 10_000;
        for (int from = 1; from <= n; from += per) {
            int to = Math.min(n, from + per - 1);
            server.execute(db, ("INSERT INTO drain_t (id, account, amount, label) SELECT g, g %% 1000, g * 0.01,"
                    + " 'payment ' || g FROM generate_series(%d, %d) g").formatted(from, to));
        }
    }

    /**
     * Waits until the file has {@code n} lines, counting new bytes as they come; returns when the first bytes and
     * the last line were seen ({@link System#nanoTime()}).
     */
    private static long[] awaitLines(Path file, long n, long timeoutMillis) throws IOException, InterruptedException {
        long end = System.currentTimeMillis() + timeoutMillis;
        long lines = 0;
        long offset = 0;
        long first = 0;
        byte[] buf = new byte[1 << 20];
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            while (lines < n && System.currentTimeMillis() < end) {
                f.seek(offset);
                int read;
                boolean any = false;
                while ((read = f.read(buf)) > 0) {
                    if (first == 0) {
                        first = System.nanoTime();
                    }
                    any = true;
                    offset += read;
                    for (int i = 0; i < read; i++) {
                        if (buf[i] == '\n') {
                            lines++;
                        }
                    }
                }
                if (!any) {
                    Thread.sleep(5);
                }
            }
        }
        if (lines < n) {
            throw new IllegalStateException("jsonl drain wrote only " + lines + " of " + n + " lines");
        }
        return new long[]{first, System.nanoTime()};
    }
}
