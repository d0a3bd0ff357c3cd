package io.copiste.bench;

import io.copiste.Copiste;
import io.copiste.init.InitOptions;
import io.copiste.init.InitProgress;
import io.copiste.init.InitResult;
import io.copiste.testkit.PostgresServer;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.sql.Connection;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Scenario 6: a table of N rows initialised into the target server by {@code copiste init} (jdbc.table's bulk
 * path) against a {@code COPY … TO STDOUT | COPY … FROM STDIN} pipe between the same databases.
 */
final class InitBench {
    private static final String TABLE = "(id bigint NOT NULL, a int NOT NULL, b text NOT NULL, c timestamptz NOT NULL)";

    private InitBench() {
    }

    static List<Result> run(PostgresServer source, PostgresServer target, Options o) throws Exception {
        int n = o.integer("init-rows");
        String src = source.createDatabase("init");
        String viaCopy = target.createDatabase("init_copy");
        String viaInit = target.createDatabase("init_copiste");
        long t = System.nanoTime();
        source.execute(src, "CREATE TABLE init_t " + TABLE,
                "INSERT INTO init_t SELECT g, g % 1000, md5(g::text), now() FROM generate_series(1, " + n + ") g",
                "ALTER TABLE init_t ADD PRIMARY KEY (id)", "VACUUM ANALYZE init_t");
        for (String db : List.of(viaCopy, viaInit)) {
            target.execute(db, "CREATE TABLE init_t " + TABLE, "ALTER TABLE init_t ADD PRIMARY KEY (id)");
        }
        Db.scalar(source, src, "SELECT count(*) FROM init_t");   // warm the cache for both
        Bench.log("init: " + n + " rows made in " + Stats.number(Db.seconds(System.nanoTime() - t)) + " s");

        double copy = copyPipe(source, src, target, viaCopy);
        long copied = Db.scalar(target, viaCopy, "SELECT count(*) FROM init_t");
        Bench.log("init: COPY pipe " + Stats.number(copy) + " s, " + copied + " rows");

        Copiste copiste = Db.copiste(source, src, "pipeline: init\n" + Replication.jdbcTarget(target, viaInit) + """
                bindings:
                  - {name: t, table: init_t, function: {type: jdbc.table, target: replica}}
                """);
        copiste.install();
        long t0 = System.nanoTime();
        InitResult result = copiste.init(InitOptions.DEFAULTS, InitProgress.NONE);
        double init = Db.seconds(System.nanoTime() - t0);
        long initialised = Db.scalar(target, viaInit, "SELECT count(*) FROM init_t");
        Bench.log("init: copiste init " + Stats.number(init) + " s, " + result.rows() + " rows sent, "
                + initialised + " on the target");
        if (initialised != n || copied != n) {
            throw new IllegalStateException("row counts differ: source " + n + ", COPY pipe " + copied
                    + ", copiste init " + initialised);
        }
        double ratio = copy / init;
        return List.of(new Result("init of a " + Stats.count(n) + "-row table into a second PostgreSQL (`copiste init`,"
                + " jdbc.table, " + InitOptions.DEFAULTS.workers() + " workers) vs `COPY … TO STDOUT | COPY … FROM STDIN`",
                Stats.number(init) + " s (" + Stats.number(n / init) + " rows/s)",
                Stats.number(copy) + " s (" + Stats.number(n / copy) + " rows/s)", Stats.ratio(ratio) + " (rate vs COPY)",
                "≥ 0.50", Result.verdict(ratio >= 0.5)));
    }

    private static double copyPipe(PostgresServer source, String src, PostgresServer target, String dst)
            throws Exception {
        try (Connection out = source.connect(src); Connection in = target.connect(dst)) {
            CopyManager from = out.unwrap(PGConnection.class).getCopyAPI();
            CopyManager to = in.unwrap(PGConnection.class).getCopyAPI();
            PipedInputStream pipeIn = new PipedInputStream(1 << 20);
            PipedOutputStream pipeOut = new PipedOutputStream(pipeIn);
            long t0 = System.nanoTime();
            CompletableFuture<Long> reader = CompletableFuture.supplyAsync(() -> {
                try (pipeOut) {
                    return from.copyOut("COPY init_t TO STDOUT", pipeOut);
                } catch (Exception e) {
                    throw new IllegalStateException("COPY TO STDOUT: " + e, e);
                }
            });
            to.copyIn("COPY init_t FROM STDIN", pipeIn, 1 << 16);
            reader.join();
            return Db.seconds(System.nanoTime() - t0);
        }
    }
}
