package io.copiste.init;

import io.copiste.Copiste;
import io.copiste.CopisteException;
import io.copiste.ErrorCode;
import io.copiste.db.Connector;
import io.copiste.engine.Daemons;
import io.copiste.engine.MirrorProvider;
import io.copiste.engine.RunOptions;
import io.copiste.manifest.Manifest;
import io.copiste.testkit.Await;
import io.copiste.testkit.PostgresExtension;
import io.copiste.testkit.PostgresServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** copiste init against a real server: exact handover while the application writes, resume, prune, keys, types. */
@Timeout(600)
class InitIT {
    @RegisterExtension
    static final PostgresExtension PG = new PostgresExtension();

    private static final RunOptions FAST = RunOptions.DEFAULTS.withBatchSize(200).withPoll(Duration.ofMillis(50));
    private static final InitOptions SMALL_CHUNKS = InitOptions.DEFAULTS.withWorkers(3).withChunkRows(2000);

    private String db;
    @RegisterExtension
    final Daemons daemons = new Daemons();

    @BeforeEach
    void setUp() {
        db = PG.server().createDatabase("init");
        PG.server().execute(db, "CREATE TABLE items (id int PRIMARY KEY, v int NOT NULL, note text)",
                "INSERT INTO items SELECT g, 0, 'row ' || g FROM generate_series(1, 30000) g",
                "ANALYZE items", MirrorProvider.SCHEMA);
    }


    private Copiste copiste(String bindings) {
        Manifest m = Manifest.parse("pipeline: ini\nbindings:\n" + bindings, "test.yaml");
        PostgresServer s = PG.server();
        return Copiste.of(m, Connector.of(s.host(), s.port(), db, s.user()));
    }

    private static final String ITEMS = "  - {name: items, table: items, function: {type: test.mirror}}\n";

    /** Inserts, updates and deletes of the same rows until stopped. */
    private CompletableFuture<Void> writers(AtomicBoolean stop) {
        return CompletableFuture.runAsync(() -> {
            Random random = new Random(3);
            try (Connection c = PG.server().connect(db); Statement st = c.createStatement()) {
                c.setAutoCommit(false);
                while (!stop.get()) {
                    for (int i = 0; i < 5; i++) {
                        int id = 1 + random.nextInt(35000);
                        switch (random.nextInt(3)) {
                            case 0 -> st.execute("INSERT INTO items VALUES (" + id + ", 1, 'new') ON CONFLICT (id)"
                                    + " DO UPDATE SET v = items.v + 1");
                            case 1 -> st.execute("UPDATE items SET v = v + 1, note = 'upd' WHERE id = " + id);
                            default -> st.execute("DELETE FROM items WHERE id = " + id);
                        }
                    }
                    c.commit();
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void initWhileTheApplicationWritesAndTheDaemonRunsEndsWithTargetEqualToSource() throws Exception {
        Copiste c = copiste(ITEMS);
        c.install();
        daemons.start(c, FAST);
        AtomicBoolean stop = new AtomicBoolean();
        CompletableFuture<Void> writing = writers(stop);
        Thread.sleep(500);
        InitResult result = c.init(SMALL_CHUNKS, InitProgress.NONE);
        assertThat(result.bindings().get(0).chunks()).isGreaterThan(5);
        Thread.sleep(1000);
        stop.set(true);
        writing.get();
        awaitMirrorEqualsSource();
        // re-running init converges
        c.init(SMALL_CHUNKS, InitProgress.NONE);
        awaitMirrorEqualsSource();
    }

    @Test
    void chunksCoverEveryRowExactlyOnce() {
        Copiste c = copiste(ITEMS);
        c.install();
        InitResult result = c.init(SMALL_CHUNKS, InitProgress.NONE);
        assertThat(result.bindings().get(0).chunks()).isGreaterThan(5);
        assertThat(result.rows()).as("rows sent: chunks in key order, not text order, never overlap").isEqualTo(30000);
        awaitMirrorEqualsSource();
    }

    @Test
    void interruptedInitResumesFromItsLastChunkWithoutGapOrDamage() throws Exception {
        Copiste c = copiste(ITEMS);
        c.install();
        AtomicBoolean stop = new AtomicBoolean();
        CompletableFuture<Void> writing = writers(stop);
        CompletableFuture<InitResult> first = CompletableFuture.supplyAsync(() ->
                c.init(SMALL_CHUNKS.withWorkers(1), InitProgress.NONE));
        // interrupted at a random point: after 1 to 7 of the (about) 15 chunks
        int after = 1 + new Random().nextInt(7);
        System.out.println("interrupting init after " + after + " chunks");
        Await.until(after + " chunks done", Duration.ofSeconds(180),
                () -> scalar("SELECT count(*) FROM copiste.init_chunk WHERE done") >= after);
        PG.server().execute("postgres", "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                + " WHERE application_name = 'copiste init'");
        Throwable failure = first.handle((r, t) -> t).get();
        assertThat(failure).isNotNull();
        assertThat(scalar("SELECT count(*) FROM copiste.init WHERE state = 'running'")).isEqualTo(1);
        assertThatThrownBy(() -> c.init(SMALL_CHUNKS.withResume(true).withPrune(true, 10, true), InitProgress.NONE))
                .as("a resumed init knows only the rows of the chunks left: pruning would remove the others")
                .hasMessageContaining("--prune cannot be combined with --resume");

        InitResult resumed = c.init(SMALL_CHUNKS.withResume(true), InitProgress.NONE);
        assertThat(resumed.bindings().get(0).chunks()).as("only the chunks not done (interrupted after %d)", after)
                .isLessThan(16 - after);
        daemons.start(c, FAST);
        Thread.sleep(500);
        stop.set(true);
        writing.get();
        awaitMirrorEqualsSource();
        assertThatThrownBy(() -> c.init(SMALL_CHUNKS.withResume(true), InitProgress.NONE))
                .hasMessageContaining("has no interrupted init to resume");
    }

    @Test
    void pruneRemovesWhatTheSourceNoLongerHasWithinItsThreshold() {
        Copiste c = copiste(ITEMS);
        c.install();
        c.init(SMALL_CHUNKS, InitProgress.NONE);
        PG.server().execute(db, "INSERT INTO mirror SELECT 'items', json_build_object('id', g)::text, '{}'"
                + " FROM generate_series(100001, 100100) g");
        InitResult dry = c.init(SMALL_CHUNKS.withDryRun(true).withPrune(true, 10, false), InitProgress.NONE);
        assertThat(dry.bindings().get(0).pruned()).isEqualTo(100);
        assertThat(scalar("SELECT count(*) FROM mirror")).as("dry run touches nothing").isEqualTo(30100);

        InitResult pruned = c.init(SMALL_CHUNKS.withPrune(true, 10, false), InitProgress.NONE);
        assertThat(pruned.bindings().get(0).pruned()).isEqualTo(100);
        assertThat(scalar("SELECT count(*) FROM mirror")).isEqualTo(30000);

        PG.server().execute(db, "INSERT INTO mirror SELECT 'items', json_build_object('id', g)::text, '{}'"
                + " FROM generate_series(200001, 205000) g");
        assertThatThrownBy(() -> c.init(SMALL_CHUNKS.withPrune(true, 10, false), InitProgress.NONE))
                .hasMessageContaining("pruning would remove 5000 of 35000 target entries, more than 10%");
        PG.server().execute(db, "DELETE FROM items");   // delivered before init's snapshot: the mirror follows
        assertThatThrownBy(() -> c.init(SMALL_CHUNKS.withPrune(true, 100, false), InitProgress.NONE))
                .hasMessageContaining("the source table is empty; pruning would remove all 5000 entries");
        c.init(SMALL_CHUNKS.withPrune(true, 100, true), InitProgress.NONE);
        assertThat(scalar("SELECT count(*) FROM mirror")).isZero();
    }

    @Test
    void tablesWithoutPrimaryKeyNeedAUniqueNotNullKey() {
        PG.server().execute(db, "CREATE TABLE nokey (code text NOT NULL, label text)",
                "INSERT INTO nokey VALUES ('a', 'A'), ('b', 'B')");
        Copiste noKey = copiste("  - {name: nokey, table: nokey, function: {type: test.mirror}}\n");
        noKey.install();
        assertThatThrownBy(() -> noKey.init(SMALL_CHUNKS, InitProgress.NONE))
                .isInstanceOf(CopisteException.class)
                .hasMessageContaining("table public.nokey has no primary key")
                .extracting(e -> ((CopisteException) e).code()).isEqualTo(ErrorCode.DATABASE_NOT_READY);
        Copiste named = copiste("  - {name: nokey, table: nokey, key: [code], function: {type: test.mirror}}\n");
        named.install(true);
        assertThatThrownBy(() -> named.init(SMALL_CHUNKS, InitProgress.NONE))
                .hasMessageContaining("no unique index on exactly [code]");
        PG.server().execute(db, "CREATE UNIQUE INDEX ON nokey (code)");
        named.init(SMALL_CHUNKS, InitProgress.NONE);
        assertThat(scalar("SELECT count(*) FROM mirror WHERE binding = 'nokey'")).isEqualTo(2);
    }

    @Test
    void compositeKeysLargeRowsAndEveryCommonTypeRoundTrip() {
        PG.server().execute(db, "CREATE TYPE mood AS ENUM ('sad', 'happy')", """
                CREATE TABLE wide (a int, b text, n numeric(20,6), f float8, t timestamptz, ts timestamp, d date,
                    tm time, iv interval, u uuid, j jsonb, js json, by bytea, arr int[], tarr text[], e mood,
                    big text, flag boolean, PRIMARY KEY (a, b))""", """
                INSERT INTO wide SELECT g % 7, 'k' || g, g * 1.000001, g / 3.0, now(), localtimestamp, current_date,
                    current_time, '1 day 2 hours', gen_random_uuid(), '{"x": [1, 2]}', '{"y": null}', '\\x00ff',
                    ARRAY[g, NULL, 3], ARRAY['a,b', 'c"d'], 'happy', repeat('x', 300000), g % 2 = 0
                FROM generate_series(1, 5000) g""", "ANALYZE wide");
        Copiste c = copiste("  - {name: wide, table: wide, function: {type: test.mirror}}\n");
        c.install();
        InitResult r = c.init(InitOptions.DEFAULTS.withWorkers(2).withChunkRows(500), InitProgress.NONE);
        assertThat(r.rows()).isEqualTo(5000);
        assertThat(r.bindings().get(0).chunks()).isGreaterThan(3);
        assertThat(scalar("SELECT count(*) FROM wide w JOIN mirror m ON m.binding = 'wide'"
                + " AND m.k::jsonb = jsonb_build_object('a', w.a, 'b', w.b) AND m.row_json = to_jsonb(w)"))
                .isEqualTo(5000);
    }

    private void awaitMirrorEqualsSource() {
        Await.until("the mirror equal to the source, row by row", Duration.ofSeconds(120), () ->
                scalar("SELECT count(*) FROM (SELECT jsonb_build_object('id', id) k, to_jsonb(i) r"
                        + " FROM items i) s FULL JOIN (SELECT k::jsonb k, row_json r FROM mirror WHERE binding = 'items') m"
                        + " ON m.k = s.k WHERE m.r IS DISTINCT FROM s.r") == 0);
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
