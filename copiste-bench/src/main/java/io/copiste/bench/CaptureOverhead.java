package io.copiste.bench;

import io.copiste.Copiste;
import io.copiste.engine.RunOptions;
import io.copiste.testkit.PostgresServer;

import java.util.ArrayList;
import java.util.List;

/**
 * Scenario 1: pgbench TPS with copiste's capture on the four pgbench tables against TPS without, in the same
 * run, A/B interleaved (ABBA order per pair of rounds so drift favours neither side). Capture is installed and
 * uninstalled between runs; no daemon runs, so the figure is the writers' cost of the triggers and the queue.
 * Measured twice: with the benchmark servers' {@code fsync=off} (the triggers' CPU cost laid bare), and with the
 * server made durable ({@code fsync}, {@code full_page_writes} on, as production runs).
 */
final class CaptureOverhead {
    private CaptureOverhead() {
    }

    static List<Result> run(PostgresServer server, Options o) throws InterruptedException {
        List<Result> results = new ArrayList<>(List.of(run(server, o, "fsync=off", false, false),
                run(server, o, "fsync=off", true, false), run(server, o, "fsync=off", false, true),
                run(server, o, "fsync=off", true, true)));
        server.execute("postgres", "ALTER SYSTEM SET fsync = on", "ALTER SYSTEM SET full_page_writes = on",
                "SELECT pg_reload_conf()");
        try {
            results.add(run(server, o, "durable: fsync=on, full_page_writes=on", false, false));
            results.add(run(server, o, "durable: fsync=on, full_page_writes=on", true, false));
        } finally {
            server.execute("postgres", "ALTER SYSTEM RESET fsync", "ALTER SYSTEM RESET full_page_writes",
                    "SELECT pg_reload_conf()");
        }
        return results;
    }

    /**
     * One A/B series. Without the daemon, the figure is the writers' own cost: the triggers and the queue inserts, or
     * for logical capture the WAL that the replica identity adds. With the daemon delivering to the no-op function,
     * reading the queue, or the server decoding the WAL for the slot, competes with the writers for the same cores.
     */
    private static Result run(PostgresServer server, Options o, String config, boolean logical, boolean daemon)
            throws InterruptedException {
        String scenario = "capture overhead, " + (logical ? "`capture: logical`" : "`capture: trigger`")
                + (daemon ? ", daemon delivering" : ", no daemon (the writers' cost)")
                + ": pgbench TPS with capture / without (" + config + "; scale " + o.string("scale") + ", "
                + o.string("clients") + " clients, " + o.string("rounds") + "×2 runs of " + o.string("seconds")
                + " s, A/B interleaved)";
        String db = server.createDatabase("pgbench");
        Pgbench.initialize(server, db, o.integer("scale"));
        Copiste copiste = Db.copiste(server, db, """
                pipeline: overhead
                capture: %s
                bindings:
                  - {name: accounts, table: pgbench_accounts, function: {type: bench.noop}}
                  - {name: tellers, table: pgbench_tellers, function: {type: bench.noop}}
                  - {name: branches, table: pgbench_branches, function: {type: bench.noop}}
                  - {name: history, table: pgbench_history, function: {type: bench.noop}}
                """.formatted(logical ? "logical" : "trigger"));
        Pgbench.tps(server, db, o.integer("clients"), Math.max(5, o.integer("seconds") / 2));   // warm-up
        List<Double> with = new ArrayList<>();
        List<Double> without = new ArrayList<>();
        for (int round = 0; round < o.integer("rounds"); round++) {
            boolean captureFirst = round % 2 == 1;
            for (int i = 0; i < 2; i++) {
                boolean capture = (i == 0) == captureFirst;
                double tps;
                if (capture) {
                    copiste.install();
                    try (Db.Running running = daemon ? Db.start(copiste, RunOptions.DEFAULTS) : null) {
                        tps = Pgbench.tps(server, db, o.integer("clients"), o.integer("seconds"));
                    }
                    copiste.uninstall(true);
                    if (logical) {   // uninstall leaves the identity install set: put it back, for the next baseline
                        server.execute(db, "ALTER TABLE pgbench_accounts REPLICA IDENTITY DEFAULT",
                                "ALTER TABLE pgbench_tellers REPLICA IDENTITY DEFAULT",
                                "ALTER TABLE pgbench_branches REPLICA IDENTITY DEFAULT",
                                "ALTER TABLE pgbench_history REPLICA IDENTITY DEFAULT");
                    }
                    with.add(tps);
                } else {
                    tps = Pgbench.tps(server, db, o.integer("clients"), o.integer("seconds"));
                    without.add(tps);
                }
                Bench.log(config + (logical ? " logical" : " trigger") + (daemon ? " daemon" : "") + " capture=" + capture
                        + " tps=" + Stats.number(tps));
            }
        }
        double a = Stats.median(with.stream().mapToDouble(Double::doubleValue).toArray());
        double b = Stats.median(without.stream().mapToDouble(Double::doubleValue).toArray());
        double ratio = a / b;
        return new Result(scenario, Stats.number(a) + " TPS (median; runs " + fmt(with) + ")",
                Stats.number(b) + " TPS without capture (median; runs " + fmt(without) + ")", Stats.ratio(ratio),
                "≥ 0.85", Result.verdict(ratio >= 0.85));
    }

    private static String fmt(List<Double> values) {
        return String.join(", ", values.stream().map(Stats::number).toList());
    }
}
