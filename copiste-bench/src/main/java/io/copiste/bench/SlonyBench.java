package io.copiste.bench;

import io.copiste.slony.ClusterName;
import io.copiste.slony.Conninfo;
import io.copiste.slony.Node;
import io.copiste.slony.Progress;
import io.copiste.slony.Slon;
import io.copiste.slony.SlonyCluster;
import io.copiste.slony.SlonyOptions;
import io.copiste.testkit.DebianPostgres;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Scenario 8: Slony-I (log triggers, {@code slon}) replicating the four pgbench tables between two of Debian's
 * PostgreSQL 15 servers, built with copiste's Slony API: source TPS without replication, then with Slony replicating
 * live (TPS, lag, catch-up), in the same run. The figures to compare with copiste's are the ratios: the servers are
 * PostgreSQL 15 here, the embedded 17 elsewhere.
 */
final class SlonyBench {
    private static final String DB = "bench";

    private SlonyBench() {
    }

    static List<Result> run(Options o) throws Exception {
        if (!DebianPostgres.available() || !Files.isExecutable(Path.of("/usr/bin/slon"))) {
            return List.of(Result.notMeasured("Slony-I (log triggers, live pgbench replication)", "needs Debian's"
                    + " PostgreSQL 15 and Slony-I (apt-get install postgresql-15-slony1-2 slony1-2-bin)"));
        }
        int scale = o.integer("scale");
        int clients = o.integer("clients");
        int seconds = o.integer("live-seconds");
        Path logs = Files.createTempDirectory("copiste-bench-slon-");
        List<DebianPostgres> servers = new ArrayList<>();
        List<Slon> slons = new ArrayList<>();
        try {
            List<Node> nodes = new ArrayList<>();
            for (int id = 1; id <= 2; id++) {
                DebianPostgres pg = DebianPostgres.start();
                servers.add(pg);
                pg.createDatabase(DB);
                pg.pgbench(DB, "-i", "-q", "-s", Integer.toString(id == 1 ? scale : 1), "-I", id == 1 ? "dtgvp" : "dtp");
                // pgbench_history has no key; Slony needs one (as jdbc.table does in the other scenario)
                pg.execute(DB, "ALTER TABLE pgbench_history ADD COLUMN hid bigserial PRIMARY KEY");
                nodes.add(Node.of(id, "node " + id, Conninfo.parse(pg.conninfo(DB))));
            }
            DebianPostgres origin = servers.get(0);
            DebianPostgres replica = servers.get(1);
            java.util.function.DoubleSupplier load = () -> Pgbench.tps(origin.pgbench(DB, "-n", "-c",
                    Integer.toString(clients), "-j", Integer.toString(Math.min(clients, 2)), "-T",
                    Integer.toString(seconds)));
            double without = load.getAsDouble();
            Bench.log("slony: pgbench without replication " + Stats.number(without) + " TPS");
            origin.execute(DB, "TRUNCATE pgbench_history");

            ClusterName cluster = ClusterName.of("bench");
            try (SlonyCluster slony = SlonyCluster.connect(cluster, nodes, SlonyOptions.defaults()
                    .withTimeout(Duration.ofMinutes(30)).withProgress(Progress.NONE))) {
                slony.initCluster(1);
                slony.storeNode(2, 1);
                for (Node n : nodes) {
                    slons.add(Slon.start(Slon.Settings.of(cluster, n.admin(), logs.resolve("slon-" + n.id() + ".log"))));
                }
                slony.storePath(1, 2);
                slony.storePath(2, 1);
                slony.createSet(1, 1, "pgbench");
                slony.setAddTables(1, 1, "public[.]pgbench_.*");
                slony.setAddSequences(1, 1, "public[.]pgbench_.*");
                long t0 = System.nanoTime();
                slony.subscribeSet(1, 1, 2, true);
                Bench.log("slony: subscribed (initial copy) in " + Stats.number(Db.seconds(System.nanoTime() - t0))
                        + " s");
                Replication.Live live = Replication.live(() -> origin.connect(DB), () -> replica.connect(DB), load);
                Bench.log("slony: " + live);
                String scenario = "Slony-I 2.2 (Debian's PostgreSQL 15, two servers): pgbench " + seconds + " s (scale "
                        + scale + ", " + clients + " clients) with the four tables replicated live by slon";
                return List.of(
                        new Result(scenario + ": source TPS with Slony / without replication (same run)",
                                Stats.number(live.tps()) + " TPS with Slony-I", Stats.number(without)
                                + " TPS without replication", Stats.ratio(live.tps() / without), "—",
                                "(Slony's ratio, to compare with copiste's)"),
                        new Result(scenario + ": lag (newest history row until on the replica, sampled each second),"
                                + " catch-up after pgbench ends", live.lag(), "—", "—", "—", "—"));
            }
        } finally {
            slons.forEach(Slon::stop);
            for (DebianPostgres pg : servers) {
                pg.close();
            }
        }
    }
}
