package io.copiste.bench;

import io.copiste.Copiste;
import io.copiste.engine.RunOptions;
import io.copiste.init.InitOptions;
import io.copiste.init.InitProgress;
import io.copiste.testkit.PostgresServer;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

/**
 * Scenario 5: {@code jdbc.table} into a second PostgreSQL server against PostgreSQL's own logical replication, on
 * the same machine and workload, one after the other.
 */
final class Replication {
    private static final String LOAD_TABLE = "(id bigint PRIMARY KEY, account int NOT NULL, label text NOT NULL,"
            + " at timestamptz NOT NULL)";

    private Replication() {
    }

    static String jdbcTarget(PostgresServer target, String db) {
        return "targets:\n  replica: {type: jdbc, url: 'jdbc:postgresql://%s:%d/%s', user: %s}\n"
                .formatted(target.host(), target.port(), db, target.user());
    }

    static String conninfo(PostgresServer source, String db) {
        return "host=%s port=%d dbname=%s user=%s".formatted(source.host(), source.port(), db, source.user());
    }

    /**
     * 5a: a load of N rows in transactions of B rows; time until the target has the last row. Per round: copiste with
     * trigger capture, copiste with logical capture, then logical replication, one after the other, each on a table of
     * its own and reading from a slot or queue made just before its own load (so none decodes the others' WAL);
     * medians over the rounds.
     */
    static List<Result> catchUp(PostgresServer source, PostgresServer target, Options o) throws Exception {
        int n = o.integer("load-rows");
        int batch = o.integer("load-batch");
        int rounds = o.integer("rounds");
        String src = source.createDatabase("catchup");
        String dst = target.createDatabase("catchup_dst");
        double[][] cop = new double[rounds][];
        double[][] log = new double[rounds][];
        double[][] lr = new double[rounds][];
        for (int round = 0; round < rounds; round++) {
            for (String t : List.of("load_c", "load_g", "load_l")) {
                source.execute(src, "CREATE TABLE " + t + round + " " + LOAD_TABLE);
                target.execute(dst, "CREATE TABLE " + t + round + " " + LOAD_TABLE);
            }
            cop[round] = copisteLoad(source, src, target, dst, "trigger", "load_c" + round, n, batch);
            log[round] = copisteLoad(source, src, target, dst, "logical", "load_g" + round, n, batch);
            lr[round] = logicalReplicationLoad(source, src, target, dst, "load_l" + round, n, batch);
        }
        String what = "jdbc.table: load of " + Stats.count(n) + " rows (" + Stats.count(batch)
                + " per transaction) to a second PostgreSQL, time from load start until caught up (median of "
                + rounds + " rounds)";
        double lrLoad = median(lr, 0);
        double lrDone = median(lr, 1);
        String peer = Stats.number(lrDone) + " s with logical replication (load " + Stats.number(lrLoad) + " s; rounds "
                + rounds(lr) + ")";
        return List.of(catchUpResult(what + ", `capture: trigger`", cop, lrDone, peer),
                catchUpResult(what + ", `capture: logical`", log, lrDone, peer));
    }

    private static Result catchUpResult(String what, double[][] runs, double peerDone, String peer) {
        double done = median(runs, 1);
        return new Result(what, Stats.number(done) + " s (load itself " + Stats.number(median(runs, 0)) + " s; rounds "
                + rounds(runs) + ")", peer, Stats.ratio(peerDone / done) + " (speed vs logical replication)", "≥ 1.00",
                Result.verdict(done <= peerDone));
    }

    private static double median(double[][] runs, int column) {
        return Stats.median(Arrays.stream(runs).mapToDouble(r -> r[column]).toArray());
    }

    private static String rounds(double[][] runs) {
        return Arrays.stream(runs).map(r -> Stats.number(r[1])).collect(Collectors.joining(", "));
    }

    private static double[] logicalReplicationLoad(PostgresServer source, String src, PostgresServer target, String dst,
                                                   String table, int n, int batch) throws Exception {
        source.execute(src, "CREATE PUBLICATION bench_pub FOR TABLE " + table);
        target.execute(dst, "CREATE SUBSCRIPTION bench_sub CONNECTION '" + conninfo(source, src)
                + "' PUBLICATION bench_pub WITH (copy_data = false)");
        awaitTrue(target, dst, "SELECT count(*) FROM pg_stat_subscription WHERE subname = 'bench_sub' AND pid IS NOT NULL",
                60_000);
        Thread.sleep(1000);
        double[] out = loadAndAwait(source, src, target, dst, table, n, batch);
        target.execute(dst, "DROP SUBSCRIPTION bench_sub");
        source.execute(src, "DROP PUBLICATION bench_pub");
        Bench.log("catchup: logical replication load " + Stats.number(out[0]) + " s, caught up " + Stats.number(out[1]) + " s");
        return out;
    }

    private static double[] copisteLoad(PostgresServer source, String src, PostgresServer target, String dst,
                                        String capture, String table, int n, int batch) throws Exception {
        Copiste copiste = Db.copiste(source, src, "pipeline: catchup_" + capture + "\ncapture: " + capture + "\n"
                + jdbcTarget(target, dst) + """
                bindings:
                  - {name: c, table: %s, function: {type: jdbc.table, target: replica}}
                """.formatted(table));
        copiste.install();
        double[] out;
        try (Db.Running r = Db.start(copiste, RunOptions.DEFAULTS)) {
            Thread.sleep(1000);
            out = loadAndAwait(source, src, target, dst, table, n, batch);
        }
        copiste.uninstall(true);
        Bench.log("catchup: copiste (" + capture + ") load " + Stats.number(out[0]) + " s, caught up "
                + Stats.number(out[1]) + " s");
        return out;
    }

    /** Returns {seconds the load took, seconds until the target had the last row}, both from the load's start. */
    private static double[] loadAndAwait(PostgresServer source, String src, PostgresServer target, String dst,
                                         String table, int n, int batch) throws Exception {
        long t0 = System.nanoTime();
        try (Connection c = source.connect(src); Statement st = c.createStatement()) {
            for (int from = 1; from <= n; from += batch) {
                st.execute(("INSERT INTO %s SELECT g, g %% 1000, 'row number ' || g, now()"
                        + " FROM generate_series(%d, %d) g").formatted(table, from, Math.min(n, from + batch - 1)));
            }
        }
        double load = Db.seconds(System.nanoTime() - t0);
        awaitTrue(target, dst, "SELECT count(*) FROM " + table + " WHERE id = " + n, 1_800_000);
        return new double[]{load, Db.seconds(System.nanoTime() - t0)};
    }

    static void awaitTrue(PostgresServer server, String db, String countSql, long timeoutMillis) throws Exception {
        awaitTrue(() -> server.connect(db), countSql, timeoutMillis);
    }

    /** Polls {@code countSql} until it gives a non-zero number. */
    static void awaitTrue(Connect connect, String countSql, long timeoutMillis) throws Exception {
        long end = System.currentTimeMillis() + timeoutMillis;
        try (Connection c = connect.open()) {
            while (Db.scalar(c, countSql) == 0) {
                if (System.currentTimeMillis() > end) {
                    throw new IllegalStateException("timed out waiting for: " + countSql);
                }
                Thread.sleep(10);
            }
        }
    }

    /** 5b: pgbench on the source while its four tables are replicated live; TPS, lag, catch-up. */
    static List<Result> pgbenchLive(PostgresServer source, PostgresServer target, Options o) throws Exception {
        int scale = o.integer("scale");
        int seconds = o.integer("live-seconds");
        int clients = o.integer("clients");
        String[] tables = {"pgbench_accounts", "pgbench_tellers", "pgbench_branches", "pgbench_history"};

        String base = source.createDatabase("live_base");
        Pgbench.initialize(source, base, scale);
        double without = Pgbench.tps(source, base, clients, seconds);
        Bench.log("live: without replication " + Stats.number(without) + " TPS");

        String src = source.createDatabase("live_c");
        String dst = target.createDatabase("live_c_dst");
        prepare(source, src, target, dst, scale);
        Copiste copiste = Db.copiste(source, src, liveManifest("trigger", target, dst, tables));
        copiste.install();
        copiste.init(InitOptions.DEFAULTS, InitProgress.NONE);
        Live cop;
        try (Db.Running r = Db.start(copiste, RunOptions.DEFAULTS)) {
            cop = live(source, src, target, dst, clients, seconds);
        }
        copiste.uninstall(true);
        Bench.log("live: copiste " + cop);

        // logical capture has no init yet: both sides start from the same (deterministic) pgbench -i
        String gsrc = source.createDatabase("live_g");
        String gdst = target.createDatabase("live_g_dst");
        Pgbench.initialize(source, gsrc, scale);
        source.execute(gsrc, "ALTER TABLE pgbench_history ADD COLUMN hid bigserial PRIMARY KEY");
        Pgbench.initialize(target, gdst, scale);
        target.execute(gdst, "ALTER TABLE pgbench_history ADD COLUMN hid bigint PRIMARY KEY");
        Copiste logical = Db.copiste(source, gsrc, liveManifest("logical", target, gdst, tables));
        logical.install();
        Live log;
        try (Db.Running r = Db.start(logical, RunOptions.DEFAULTS)) {
            log = live(source, gsrc, target, gdst, clients, seconds);
        }
        logical.uninstall(true);
        Bench.log("live: copiste logical " + log);

        String lsrc = source.createDatabase("live_l");
        String ldst = target.createDatabase("live_l_dst");
        prepare(source, lsrc, target, ldst, scale);
        source.execute(lsrc, "CREATE PUBLICATION live_pub FOR TABLE " + String.join(", ", tables));
        target.execute(ldst, "CREATE SUBSCRIPTION live_sub CONNECTION '" + conninfo(source, lsrc)
                + "' PUBLICATION live_pub WITH (copy_data = true)");
        awaitTrue(target, ldst, "SELECT (count(*) = 4)::int FROM pg_subscription_rel WHERE srsubstate = 'r'", 600_000);
        Live lr = live(source, lsrc, target, ldst, clients, seconds);
        target.execute(ldst, "DROP SUBSCRIPTION live_sub");
        Bench.log("live: logical replication " + lr);

        String scenario = "pgbench " + seconds + " s (scale " + scale + ", " + clients
                + " clients) with the four tables replicated live to a second PostgreSQL";
        List<Result> results = new ArrayList<>();
        results.add(new Result(scenario + ": source TPS (in brackets: against " + Stats.number(without)
                + " TPS without replication, same run)", Stats.number(cop.tps) + " TPS with jdbc.table ("
                + Stats.ratio(cop.tps / without) + ")", Stats.number(lr.tps) + " TPS with logical replication ("
                + Stats.ratio(lr.tps / without) + ")", Stats.ratio(cop.tps / lr.tps), "—", "(ratio of source TPS)"));
        results.add(new Result(scenario + ": lag (newest history row until on target, sampled each second), "
                + "catch-up after pgbench ends", cop.lag(), lr.lag(), "—", "—", "—"));
        results.add(new Result(scenario + ", `capture: logical`: source TPS (in brackets: against no replication)",
                Stats.number(log.tps) + " TPS with jdbc.table (" + Stats.ratio(log.tps / without) + ")",
                Stats.number(lr.tps) + " TPS with logical replication (" + Stats.ratio(lr.tps / without) + ")",
                Stats.ratio(log.tps / lr.tps), "—", "(ratio of source TPS)"));
        results.add(new Result(scenario + ", `capture: logical`: lag, catch-up after pgbench ends", log.lag(), lr.lag(),
                "—", "—", "—"));
        return results;
    }

    /** The four pgbench tables replicated by jdbc.table into {@code dst}. */
    private static String liveManifest(String capture, PostgresServer target, String dst, String[] tables) {
        StringBuilder yaml = new StringBuilder("pipeline: live\ncapture: " + capture + "\n" + jdbcTarget(target, dst)
                + "bindings:\n");
        for (String t : tables) {
            yaml.append("  - {name: %s, table: %s, function: {type: jdbc.table, target: replica}}\n".formatted(t, t));
        }
        return yaml.toString();
    }

    private static void prepare(PostgresServer source, String src, PostgresServer target, String dst, int scale) {
        Pgbench.initialize(source, src, scale);
        source.execute(src, "ALTER TABLE pgbench_history ADD COLUMN hid bigserial PRIMARY KEY");
        Pgbench.createTables(target, dst);
        target.execute(dst, "ALTER TABLE pgbench_history ADD COLUMN hid bigint PRIMARY KEY");
    }

    record Live(double tps, double lagP50, double lagMax, double catchUp, int samples) {
        String lag() {
            return "lag p50 " + Stats.number(lagP50 * 1000) + " ms, max " + Stats.number(lagMax * 1000)
                    + " ms; caught up " + Stats.number(catchUp) + " s after the end";
        }
    }

    private static Live live(PostgresServer source, String src, PostgresServer target, String dst, int clients,
                             int seconds) throws Exception {
        return live(() -> source.connect(src), () -> target.connect(dst),
                () -> Pgbench.tps(source, src, clients, seconds));
    }

    /** A database connection for the live measurement. */
    interface Connect {
        Connection open() throws SQLException;
    }

    /**
     * Runs the load ({@code pgbench}, returning its TPS) while sampling the lag every second: the newest
     * {@code pgbench_history} row on the source, and the time until the target has it; then the catch-up.
     */
    static Live live(Connect source, Connect target, java.util.function.DoubleSupplier load) throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        List<Double> lags = new ArrayList<>();
        CompletableFuture<Void> sampler = CompletableFuture.runAsync(() -> {
            try (Connection s = source.open(); Connection t = target.open()) {
                while (running.get()) {
                    long tick = System.nanoTime();
                    long h = Db.scalar(s, "SELECT coalesce(max(hid), 0) FROM pgbench_history");
                    if (h > 0) {
                        while (Db.scalar(t, "SELECT count(*) FROM pgbench_history WHERE hid = " + h) == 0
                                && System.nanoTime() - tick < 300_000_000_000L) {
                            Thread.sleep(5);
                        }
                        synchronized (lags) {
                            lags.add(Db.seconds(System.nanoTime() - tick));
                        }
                    }
                    long rest = 1_000_000_000L - (System.nanoTime() - tick);
                    if (rest > 0) {
                        Thread.sleep(rest / 1_000_000);
                    }
                }
            } catch (SQLException | InterruptedException e) {
                throw new IllegalStateException("lag sampler: " + e, e);
            }
        });
        double tps;
        try {
            tps = load.getAsDouble();
        } finally {
            running.set(false);
        }
        long end = System.nanoTime();
        long rows;
        try (Connection s = source.open()) {
            rows = Db.scalar(s, "SELECT count(*) FROM pgbench_history");
        }
        awaitTrue(target, "SELECT (count(*) >= " + rows + ")::int FROM pgbench_history", 1_800_000);
        double catchUp = Db.seconds(System.nanoTime() - end);
        sampler.join();
        double[] l;
        synchronized (lags) {
            l = lags.stream().mapToDouble(Double::doubleValue).toArray();
        }
        if (l.length == 0) {
            l = new double[]{Double.NaN};
        }
        return new Live(tps, Stats.percentile(l.clone(), 50), Stats.percentile(l.clone(), 100), catchUp, l.length);
    }
}
