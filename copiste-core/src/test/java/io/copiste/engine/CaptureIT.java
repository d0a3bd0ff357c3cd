package io.copiste.engine;

import io.copiste.Copiste;
import io.copiste.db.Connector;
import io.copiste.manifest.Manifest;
import io.copiste.testkit.Await;
import io.copiste.testkit.PostgresExtension;
import io.copiste.testkit.PostgresServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The capture invariants of DESIGN.md, against a real server: committed only, nothing lost (long and short
 * transactions interleaved), per-row commit order, bounded queue.
 */
@Timeout(600)
class CaptureIT {
    @RegisterExtension
    static final PostgresExtension PG = new PostgresExtension();

    private String db;
    @RegisterExtension
    final Daemons daemons = new Daemons();

    @BeforeEach
    void setUp() {
        db = PG.server().createDatabase("capture");
        PG.server().execute(db, "CREATE TABLE counters (id int PRIMARY KEY, v int NOT NULL, bad boolean)",
                "INSERT INTO counters SELECT g, 0 FROM generate_series(1, 20) g", RecordingProvider.SCHEMA);
    }


    static Copiste copiste(String db, String functionYaml) {
        return copiste(db, functionYaml, "trigger");
    }

    static Copiste copiste(String db, String functionYaml, String capture) {
        Manifest m = Manifest.parse("""
                pipeline: cap
                capture: %s
                bindings:
                  - name: counters
                    table: counters
                    on: [insert, update, delete, truncate]
                    function: %s
                """.formatted(capture, functionYaml), "test.yaml");
        PostgresServer s = PG.server();
        return Copiste.of(m, Connector.of(s.host(), s.port(), db, s.user()));
    }

    private static final RunOptions FAST = RunOptions.DEFAULTS.withBatchSize(50).withPoll(Duration.ofMillis(50))
            .withRotateInterval(Duration.ofMillis(500)).withRetry(Duration.ofMillis(50), Duration.ofMillis(500));

    @Test
    void longAndShortTransactionsInterleavedAreDeliveredCompletelyInRowOrderAndAbortedOnesNever() throws Exception {
        Copiste c = copiste(db, "{type: test.record}");
        c.install();
        daemons.start(c, FAST);
        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<Future<?>> writers = new ArrayList<>();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(8);
        for (int w = 0; w < 6; w++) {
            int seed = w;
            writers.add(pool.submit(() -> {
                Random random = new Random(seed);
                try (Connection conn = PG.server().connect(db); Statement st = conn.createStatement()) {
                    conn.setAutoCommit(false);
                    while (System.nanoTime() < until) {
                        boolean longTx = seed % 3 == 0;
                        int updates = longTx ? 5 + random.nextInt(10) : 1 + random.nextInt(3);
                        for (int i = 0; i < updates; i++) {
                            st.execute("UPDATE counters SET v = v + 1 WHERE id = " + (1 + random.nextInt(20)));
                            if (longTx) {
                                Thread.sleep(30);   // spans several of the daemon's batches
                            }
                        }
                        if (random.nextInt(5) == 0) {
                            st.execute("UPDATE counters SET v = -1000000 WHERE id = " + (1 + random.nextInt(20)));
                            conn.rollback();
                        } else {
                            conn.commit();
                        }
                    }
                } catch (SQLException e) {
                    if (!"40P01".equals(e.getSQLState())) {
                        throw new IllegalStateException(e);
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : writers) {
            f.get();
        }
        pool.shutdown();
        long committed = scalar("SELECT sum(v) FROM counters");
        Await.until("every committed update delivered", Duration.ofSeconds(60),
                () -> scalar("SELECT count(*) FROM delivered") >= committed);

        assertThat(scalar("SELECT count(*) FROM delivered WHERE row_json LIKE '%-1000000%'"))
                .as("changes of aborted transactions are never delivered").isZero();
        // each counter's delivered values, in delivery order, must be exactly 1, 2, 3 … its final value
        Map<Integer, List<Integer>> perRow = new HashMap<>();
        try (Connection conn = PG.server().connect(db); Statement st = conn.createStatement();
             ResultSet rs = st.executeQuery("SELECT (row_json::json->>'id')::int, (row_json::json->>'v')::int"
                     + " FROM delivered ORDER BY seq")) {
            while (rs.next()) {
                perRow.computeIfAbsent(rs.getInt(1), k -> new ArrayList<>()).add(rs.getInt(2));
            }
        }
        for (int id = 1; id <= 20; id++) {
            int fin = (int) scalar("SELECT v FROM counters WHERE id = " + id);
            List<Integer> expected = new ArrayList<>();
            for (int v = 1; v <= fin; v++) {
                expected.add(v);
            }
            assertThat(perRow.getOrDefault(id, List.of())).as("row %d: every committed value, in commit order", id)
                    .isEqualTo(expected);
        }
    }

    @Test
    void aMillionEventsDrainAndTheQueueShrinksBackToAlmostNothing() throws Exception {
        Copiste c = copiste(db, "{type: jsonl, path: /dev/null}");
        c.install();
        PG.server().execute(db, "INSERT INTO counters SELECT g, 0 FROM generate_series(100, 1000099) g");
        long queued = queueBytes();
        assertThat(queued).as("a million queued changes take room").isGreaterThan(50_000_000L);
        daemons.start(c, RunOptions.DEFAULTS.withBatchSize(5000).withPoll(Duration.ofMillis(100))
                .withRotateInterval(Duration.ofMillis(200)));
        Await.until("the queue drained and truncated", Duration.ofSeconds(300), () -> queueBytes() < 1_000_000);
        assertThat(scalar("SELECT n_dead_tup FROM pg_stat_user_tables WHERE relname = 'counters'")).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"trigger", "logical"})
    void wideRowsComeInSubBatchesOfBoundedSize(String capture) throws Exception {
        PG.server().execute(db, "ALTER TABLE counters ADD COLUMN doc text");
        Copiste c = copiste(db, "{type: test.record}", capture);
        c.install();
        daemons.start(c, RunOptions.DEFAULTS.withPoll(Duration.ofMillis(50)));
        // 30 rows of 1 MB in one transaction: far under the 10,000 changes of a sub-batch, far over its 8 MB
        PG.server().execute(db, "INSERT INTO counters (id, v, doc) SELECT g, 0, repeat(md5(g::text), 31250)"
                + " FROM generate_series(101, 130) g");
        Await.until("the wide rows delivered", Duration.ofSeconds(60), () -> scalar("SELECT count(*) FROM delivered") == 30);
        assertThat(scalar("SELECT max(call_size) FROM delivered")).as("changes per call").isBetween(2L, 9L);
        assertThat(scalar("SELECT count(*) FROM delivered WHERE length(row_json::json->>'doc') = 1000000")).isEqualTo(30);
    }

    @Test
    void deliveryResumesAfterThePostgresServerRestarts() throws Exception {
        Copiste c = copiste(db, "{type: test.record}");
        c.install();
        daemons.start(c, FAST);
        PG.server().execute(db, "UPDATE counters SET v = v + 1");
        Await.until("first changes", Duration.ofSeconds(20), () -> scalar("SELECT count(*) FROM delivered") == 20);
        PG.server().restart();
        PG.server().execute(db, "UPDATE counters SET v = v + 1");
        Await.until("changes after the restart", Duration.ofSeconds(60),
                () -> scalar("SELECT count(*) FROM delivered") == 40);
    }

    @ParameterizedTest
    @ValueSource(strings = {"trigger", "logical"})
    void aPostgresRestartInTheMiddleOfAStreamLosesNothing(String capture) throws Exception {
        Copiste c = copiste(db, "{type: test.record}", capture);
        c.install();
        daemons.start(c, FAST);
        java.util.concurrent.atomic.AtomicBoolean writing = new java.util.concurrent.atomic.AtomicBoolean(true);
        java.util.concurrent.atomic.AtomicLong committed = new java.util.concurrent.atomic.AtomicLong();
        Thread writer = new Thread(() -> {
            for (int i = 0; writing.get(); ) {
                try (Connection conn = PG.server().connect(db); Statement st = conn.createStatement()) {
                    for (; writing.get(); i++) {
                        st.execute("UPDATE counters SET v = v + 1 WHERE id = " + (1 + i % 20));
                        committed.incrementAndGet();
                    }
                } catch (RuntimeException | SQLException e) {
                    sleepQuietly(100);   // the server is restarting: connect again
                }
            }
        }, "writer");
        writer.start();
        try {
            Await.until("the stream under way", Duration.ofSeconds(30), () -> scalar("SELECT count(*) FROM delivered")
                    >= 100);
            long before = committed.get();
            PG.server().restart();
            Await.until("writes going on after the restart", Duration.ofSeconds(60),
                    () -> committed.get() > before + 200);
        } finally {
            writing.set(false);
            writer.join();
        }
        Await.until("every row's last delivered value equal to the table", Duration.ofSeconds(60), () -> scalar(
                "SELECT count(*) FROM counters c LEFT JOIN (SELECT DISTINCT ON (k) k, (row_json::json->>'v')::int v"
                        + " FROM delivered ORDER BY k, seq DESC) d ON d.k::jsonb = jsonb_build_object('id', c.id)"
                        + " WHERE d.v IS DISTINCT FROM c.v") == 0);
        assertThat(scalar("SELECT count(*) FROM delivered")).as("every acknowledged commit delivered at least once")
                .isGreaterThanOrEqualTo(committed.get());
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private long queueBytes() {
        return scalar("SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c JOIN pg_namespace n"
                + " ON n.oid = c.relnamespace WHERE n.nspname = 'copiste' AND c.relname LIKE 'q/cap/%' AND c.relkind = 'r'");
    }

    private long scalar(String sql) {
        try (Connection c = PG.server().connect(db); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
