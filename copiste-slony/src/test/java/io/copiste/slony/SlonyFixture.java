package io.copiste.slony;

import io.copiste.slony.topology.ApplyListener;
import io.copiste.slony.topology.TopologyPlan;
import io.copiste.testkit.DebianPostgres;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real Slony clusters for the integration tests: N fresh Debian PostgreSQL 15 servers, a database {@value #DB} on
 * each with the pgbench schema (data only on node 1), and slon daemons started on demand through {@link Slon}.
 * Public for the tests of other modules (copiste-flyway), through this module's test jar.
 */
public final class SlonyFixture implements AutoCloseable {
    public static final String DB = "app";
    public static final List<String> PGBENCH_TABLES = List.of("public.pgbench_accounts", "public.pgbench_branches",
            "public.pgbench_history", "public.pgbench_tellers");

    public final ClusterName cluster;
    final List<DebianPostgres> servers = new ArrayList<>();
    public final List<Node> nodes = new ArrayList<>();
    private final Map<Integer, Slon> slons = new TreeMap<>();
    private final Path logs;

    private SlonyFixture(ClusterName cluster, Path logs) {
        this.cluster = cluster;
        this.logs = logs;
    }

    /** {@code count} servers with the pgbench schema; node 1 holds pgbench data at scale 1. */
    public static SlonyFixture start(String cluster, int count) throws Exception {
        SlonyFixture f = new SlonyFixture(ClusterName.of(cluster), Files.createTempDirectory("copiste-slon-"));
        try {
            for (int id = 1; id <= count; id++) {
                DebianPostgres pg = DebianPostgres.start();
                f.servers.add(pg);
                pg.createDatabase(DB);
                pg.pgbench(DB, "-i", "-q", "-s", "1", "-I", id == 1 ? "dtgp" : "dtp");
                // pgbench_history has no key; Slony needs one, and it brings a sequence to replicate
                pg.execute(DB, "ALTER TABLE pgbench_history ADD COLUMN hid bigserial PRIMARY KEY");
                f.nodes.add(Node.of(id, "node " + id, Conninfo.parse(pg.conninfo(DB))));
            }
        } catch (Exception | Error e) {
            f.close();
            throw e;
        }
        return f;
    }

    /** Init cluster on node 1, then store every other node from node 1 (nothing here needs a running slon). */
    static void storeNodes(SlonyCluster slony, List<Node> nodes) {
        slony.initCluster(nodes.get(0).id());
        for (Node node : nodes.subList(1, nodes.size())) {
            slony.storeNode(node.id(), nodes.get(0).id());
        }
    }

    /**
     * Paths between every pair of nodes (each server reached with its admin conninfo), set 1 with every pgbench table
     * and sequence, then a cascade: node 2 from node 1, each later node from the one before it.
     */
    static void replicatePgbench(SlonyCluster slony, List<Node> nodes) {
        for (Node server : nodes) {
            for (Node client : nodes) {
                if (server.id() != client.id()) {
                    slony.storePath(server.id(), client.id());
                }
            }
        }
        int origin = nodes.get(0).id();
        slony.createSet(1, origin, "pgbench");
        slony.setAddTables(1, origin, "public[.]pgbench_.*");
        slony.setAddSequences(1, origin, "public[.]pgbench_.*");
        for (int i = 1; i < nodes.size(); i++) {
            slony.subscribeSet(1, nodes.get(i - 1).id(), nodes.get(i).id(), true);
        }
    }

    /** The whole cluster: nodes, slons, paths, set 1 subscribed in cascade. */
    void build(SlonyCluster slony) {
        storeNodes(slony, nodes);
        nodes.forEach(n -> startSlon(n.id()));
        replicatePgbench(slony, nodes);
    }

    public DebianPostgres server(int node) {
        return servers.get(node - 1);
    }

    public SlonyCluster connect() {
        return SlonyCluster.connect(cluster, nodes, SlonyOptions.defaults().withTimeout(Duration.ofMinutes(3))
                .withProgress(m -> System.out.println("[progress] " + m)));
    }

    public void startSlon(int node) {
        slons.put(node, Slon.start(Slon.Settings.of(cluster, nodes.get(node - 1).admin(),
                logs.resolve("slon-" + node + ".log"))));
    }

    /**
     * A listener for {@code TopologyDriver.apply} that prints each step and starts a node's slon as soon as its
     * schema is installed, as systemd's restart would (slon itself retries only every 20 s).
     */
    public ApplyListener startingSlons() {
        return new ApplyListener() {
            @Override
            public void done(int index, int total, TopologyPlan.Step step, Duration took) {
                System.out.println("[step " + index + "/" + total + "] " + step.description() + " ("
                        + took.toMillis() + " ms)");
                for (Command c : step.commands()) {
                    if (c instanceof Command.InitCluster i) {
                        ensureSlon(i.node());
                    } else if (c instanceof Command.StoreNode s) {
                        ensureSlon(s.node());
                    }
                }
            }
        };
    }

    /** Starts the node's slon unless this fixture already runs one. */
    public void ensureSlon(int node) {
        if (!slons.containsKey(node)) {
            startSlon(node);
        }
    }

    public void stopSlon(int node) {
        Slon slon = slons.remove(node);
        if (slon != null) {
            slon.stop();
        }
    }

    String slonLog(int node) throws Exception {
        Path log = logs.resolve("slon-" + node + ".log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    /**
     * After a failed test: prints the last {@code lines} lines of every slon log (so CI's output shows what the
     * daemons did) and copies the logs into {@code keep} for a closer look.
     */
    void report(String test, int lines, Path keep) {
        try (var files = Files.list(logs)) {
            Files.createDirectories(keep);
            for (Path log : files.sorted().toList()) {
                Files.copy(log, keep.resolve(log.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                List<String> all = Files.readAllLines(log);
                System.out.println("---- " + test + " failed: last " + lines + " lines of " + log.getFileName()
                        + " (whole log in " + keep + ") ----");
                all.subList(Math.max(0, all.size() - lines), all.size()).forEach(System.out::println);
            }
        } catch (java.io.IOException e) {
            System.out.println("cannot report slon logs from " + logs + ": " + e);
        }
    }

    /** Runs pgbench on a node for a few seconds with two clients. */
    public void pgbench(int node, int seconds) {
        server(node).pgbench(DB, "-n", "-c", "2", "-j", "1", "-T", Integer.toString(seconds));
    }

    /**
     * Compares every row of every table between node {@code reference} and the others, in primary-key order,
     * reporting the first difference.
     */
    public void assertSameRows(int reference, List<Integer> others, List<String> tables) throws SQLException {
        for (String table : tables) {
            List<String> expected = rows(reference, table);
            for (int node : others) {
                List<String> actual = rows(node, table);
                for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
                    assertThat(actual.get(i)).as("row %d of %s on node %d vs node %d", i, table, node, reference)
                            .isEqualTo(expected.get(i));
                }
                assertThat(actual).as("rows of %s on node %d vs node %d", table, node, reference)
                        .hasSameSizeAs(expected);
            }
        }
    }

    /** Every row of a table on a node, in primary-key order, as text. */
    public List<String> rows(int node, String table) throws SQLException {
        try (Connection c = server(node).connect(DB); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT * FROM " + table + " ORDER BY " + primaryKey(c, table))) {
            ResultSetMetaData md = rs.getMetaData();
            List<String> rows = new ArrayList<>();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    row.append(i > 1 ? "|" : "").append(rs.getString(i));
                }
                rows.add(row.toString());
            }
            return rows;
        }
    }

    private static String primaryKey(Connection c, String table) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT string_agg(quote_ident("
                + "a.attname), ', ' ORDER BY array_position(i.indkey, a.attnum)) FROM pg_index i JOIN pg_attribute a"
                + " ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey) WHERE i.indisprimary"
                + " AND i.indrelid = '" + table + "'::regclass")) {
            rs.next();
            return rs.getString(1);
        }
    }

    public long count(int node, String sql) throws SQLException {
        try (Connection c = server(node).connect(DB); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Override
    public void close() {
        for (Slon slon : slons.values()) {
            slon.stop();
        }
        slons.clear();
        for (DebianPostgres pg : servers) {
            try {
                pg.close();
            } catch (RuntimeException e) {
                System.err.println("could not stop " + pg.port() + ": " + e.getMessage());
            }
        }
    }
}
