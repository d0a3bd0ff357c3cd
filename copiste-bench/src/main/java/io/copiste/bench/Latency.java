package io.copiste.bench;

import io.copiste.Copiste;
import io.copiste.engine.RunOptions;
import io.copiste.testkit.PostgresServer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * Scenario 3: commit-to-function latency at a steady rate of single-row transactions, the daemon running with the
 * defaults of {@code copiste run}. Writer and function share one JVM, so their {@link System#nanoTime()} agree.
 */
final class Latency {
    private Latency() {
    }

    static List<Result> run(PostgresServer server, Options o) throws Exception {
        return List.of(run(server, o, "trigger"), run(server, o, "logical"));
    }

    private static Result run(PostgresServer server, Options o, String capture) throws Exception {
        int rate = o.integer("latency-rate");
        int warm = rate * 3;
        int total = warm + rate * o.integer("latency-seconds");
        String db = server.createDatabase("latency");
        server.execute(db, "CREATE TABLE lat_t (id bigint PRIMARY KEY, label text NOT NULL, at timestamptz DEFAULT now())");
        Copiste copiste = Db.copiste(server, db, """
                pipeline: latency
                capture: %s
                bindings:
                  - {name: t, table: lat_t, function: {type: bench.noop, probe: latency}}
                """.formatted(capture));
        copiste.install();
        Probe probe = Probe.named("latency").reset(true);
        long[] commits = new long[total];
        long late = 0;
        try (Db.Running r = Db.start(copiste, RunOptions.DEFAULTS);
             Connection c = server.connect(db);
             PreparedStatement ps = c.prepareStatement("INSERT INTO lat_t (id, label) VALUES (?, ?)")) {
            // PostgreSQL's default; the embedded server turns it off, and with it the WAL of a commit reaches the
            // disk, and so logical decoding, only at the WAL writer's next round (wal_writer_delay, 200 ms)
            try (Statement st = c.createStatement()) {
                st.execute("SET synchronous_commit = on");
            }
            Thread.sleep(2000);   // the daemon is up and listening
            long period = 1_000_000_000L / rate;
            long start = System.nanoTime();
            for (int i = 0; i < total; i++) {
                long due = start + i * period;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                } else if (wait < -period) {
                    late++;
                }
                ps.setLong(1, i);
                ps.setString(2, "event " + i);
                ps.executeUpdate();   // autocommit: returns after COMMIT
                commits[i] = System.nanoTime();
            }
            if (!probe.await(total, 60_000)) {
                throw new IllegalStateException("only " + probe.count() + " of " + total + " changes arrived");
            }
        }
        Map<Long, Long> arrivals = probe.arrivals();
        double[] ms = new double[total - warm];
        for (int i = warm; i < total; i++) {
            ms[i - warm] = Math.max(0, arrivals.get((long) i) - commits[i]) / 1e6;
        }
        double p50 = Stats.percentile(ms, 50);
        double p99 = Stats.percentile(ms, 99);
        double max = Stats.percentile(ms, 100);
        copiste.uninstall(true);
        return new Result("latency commit → function at " + rate + " tx/s (" + Stats.count(total - warm)
                + " single-row transactions" + (late > 0 ? ", writer late " + late + " times" : "") + "), `capture: "
                + capture + "`", "p50 " + Stats.number(p50) + " ms, p99 " + Stats.number(p99) + " ms, max "
                + Stats.number(max) + " ms", "—", "—", "p99 ≤ 50 ms", Result.verdict(p99 <= 50));
    }
}
