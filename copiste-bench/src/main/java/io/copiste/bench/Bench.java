package io.copiste.bench;

import io.copiste.Copiste;
import io.copiste.testkit.PostgresServer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Runs the benchmarks chosen by {@code --only} against fresh embedded PostgreSQL servers, prints the results as a
 * markdown table and writes it, with the method and the machine, to {@code docs/benchmarks.md} (after every
 * scenario, so an interrupted run still leaves what it measured). See {@code copiste-bench/run}.
 */
public final class Bench {
    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        Set<String> only = o.only();
        List<Result> results = new ArrayList<>();
        Instant started = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        log("options " + o);
        try (PostgresServer source = PostgresServer.start(); PostgresServer target = PostgresServer.start()) {
            String version = Environment.postgresVersion(source);
            Runnable write = () -> write(o, results, started, version);
            if (only.contains("capture")) {
                scenario(results, "capture overhead", () -> pgbench(() -> CaptureOverhead.run(source, o)));
                write.run();
            }
            if (only.contains("drain")) {
                scenario(results, "drain", () -> Drain.run(source, o));
                write.run();
            }
            if (only.contains("latency")) {
                scenario(results, "latency", () -> Latency.run(source, o));
                write.run();
            }
            if (only.contains("bigtx")) {
                scenario(results, "single big transaction", () -> BigTransaction.run(source, o));
                write.run();
            }
            if (only.contains("catchup")) {
                scenario(results, "jdbc.table catch-up", () -> Replication.catchUp(source, target, o));
                write.run();
            }
            if (only.contains("pgbench-live")) {
                scenario(results, "pgbench with live replication",
                        () -> pgbench(() -> Replication.pgbenchLive(source, target, o)));
                write.run();
            }
            if (only.contains("init")) {
                scenario(results, "init", () -> InitBench.run(source, target, o));
                write.run();
            }
            if (only.contains("ldap")) {
                scenario(results, "ldap", () -> LdapBench.run(source, o));
                write.run();
            }
            if (only.contains("slony")) {
                scenario(results, "slony", () -> pgbench(() -> SlonyBench.run(o)));
                write.run();
            }
        }
        System.out.println();
        System.out.println(Table.markdown(results));
        System.exit(0);   // Debezium and Kafka leave non-daemon threads behind
    }

    interface Scenario {
        List<Result> run() throws Exception;
    }

    private static List<Result> pgbench(Scenario s) throws Exception {
        if (!Pgbench.available()) {
            return List.of(Result.notMeasured("pgbench scenarios", Pgbench.BINARY + " is missing"));
        }
        return s.run();
    }

    private static void scenario(List<Result> results, String name, Scenario s) {
        long t0 = System.nanoTime();
        log("== " + name);
        try {
            results.addAll(s.run());
        } catch (Throwable e) {
            log(name + " failed: " + e);
            e.printStackTrace();
            results.add(Result.failed(name, e));
        }
        log("== " + name + " took " + Stats.number(Db.seconds(System.nanoTime() - t0)) + " s");
    }

    private static void write(Options o, List<Result> results, Instant started, String pgVersion) {
        String md = Report.render(o, results, started, pgVersion, Copiste.version());
        try {
            Path out = Path.of(o.string("out"));
            if (out.getParent() != null) {
                Files.createDirectories(out.getParent());
            }
            Files.writeString(out, md);
        } catch (IOException e) {
            log("cannot write " + o.string("out") + ": " + e);
        }
    }

    static void log(String message) {
        System.err.println("[bench " + Instant.now().truncatedTo(ChronoUnit.SECONDS) + "] " + message);
    }
}
