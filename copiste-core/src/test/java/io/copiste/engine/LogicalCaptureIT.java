package io.copiste.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.copiste.Copiste;
import io.copiste.CopisteException;
import io.copiste.db.Connector;
import io.copiste.install.Plan;
import io.copiste.manifest.Manifest;
import io.copiste.manifest.ManifestException;
import io.copiste.testkit.Await;
import io.copiste.testkit.PostgresExtension;
import io.copiste.testkit.PostgresServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
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

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code capture: logical} against a real server: the same change records as trigger capture, committed changes
 * only, per-row order with long and short transactions interleaved, and the slot moving on as changes are delivered.
 */
@Timeout(300)
class LogicalCaptureIT {
    @RegisterExtension
    static final PostgresExtension PG = new PostgresExtension();

    @TempDir
    Path dir;
    @RegisterExtension
    final Daemons daemons = new Daemons();
    private String db;

    @BeforeEach
    void setUp() {
        db = PG.server().createDatabase("logical");
    }

    private Copiste copiste(String yaml) {
        PostgresServer s = PG.server();
        return Copiste.of(Manifest.parse(yaml, "test.yaml"), Connector.of(s.host(), s.port(), db, s.user()));
    }

    private Copiste jsonl(String pipeline, String capture, String table, Path out) {
        return copiste("""
                pipeline: %s
                capture: %s
                bindings:
                  - name: %s
                    table: %s
                    on: [insert, update, delete, truncate]
                    function: {type: jsonl, path: '%s'}
                """.formatted(pipeline, capture, table, table, out));
    }

    @Test
    void logicalCaptureDeliversTheSameChangesAsTriggers() throws Exception {
        PG.server().execute(db, "CREATE TYPE mood AS ENUM ('ok', 'sad')",
                "CREATE TABLE t (id int PRIMARY KEY, n numeric(12,4), f float8, b bool, ts timestamptz, tsz timestamp,"
                        + " d date, tm time, ttz timetz, j jsonb, js json, a int[], ta text[], by bytea, u uuid, m mood,"
                        + " iv interval, big text, i8 bigint, r real)");
        Path viaTrigger = dir.resolve("trigger.jsonl");
        Path viaLog = dir.resolve("logical.jsonl");
        Copiste trigger = jsonl("bytrigger", "trigger", "t", viaTrigger);
        Copiste logical = jsonl("bylog", "logical", "t", viaLog);
        trigger.install();
        Plan plan = logical.install();
        assertThat(plan.slot()).isEqualTo("create");
        assertThat(plan.replicaIdentityFull()).hasSize(1);   // jsonl wants whole old rows
        try (Connection c = PG.server().connect(db); Statement st = c.createStatement()) {
            st.execute("SET TimeZone = 'Europe/Paris'");
            st.execute("INSERT INTO t VALUES (1, 12.5000, 1.1, true, '2024-02-03 04:05:06.789+01', '2024-02-03 04:05:06',"
                    + " '2024-02-03', '04:05:06', '04:05:06+02', '{\"k\": [1, \"x\"]}', '{\"a\":1}', '{1,NULL,3}',"
                    + " '{\"a b\",\"c,\\\"d\",NULL}', '\\x00ff', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', 'sad', '1 day 02:00:00',"
                    + " repeat('long ', 5000), 9007199254740993, 0.1)");
            st.execute("INSERT INTO t (id) VALUES (2), (3)");
            st.execute("UPDATE t SET n = 'NaN', f = 'Infinity', a = '{{1,2},{3,4}}' WHERE id = 1");   // big text unchanged
            st.execute("UPDATE t SET id = 20 WHERE id = 2");
            st.execute("UPDATE t SET n = n WHERE id = 3");   // changes nothing
            st.execute("DELETE FROM t WHERE id = 1");
            c.setAutoCommit(false);
            st.execute("INSERT INTO t (id) VALUES (99)");
            c.rollback();
            c.setAutoCommit(true);
            st.execute("TRUNCATE t");
            st.execute("INSERT INTO t (id, ts) VALUES (4, 'infinity')");
        }
        daemons.start(trigger, RunOptions.DEFAULTS);
        daemons.start(logical, RunOptions.DEFAULTS);
        Await.until("both deliver 8 changes", Duration.ofSeconds(60),
                () -> Jsonl.read(viaTrigger).size() >= 8 && Jsonl.read(viaLog).size() >= 8);
        List<JsonNode> a = Jsonl.read(viaTrigger);
        List<JsonNode> b = Jsonl.read(viaLog);
        assertThat(b).extracting(l -> l.get("op").asText())
                .containsExactly("insert", "insert", "insert", "update", "update", "delete", "truncate", "insert");
        for (int i = 0; i < a.size(); i++) {
            assertThat(comparable(b.get(i))).as("change %d", i).isEqualTo(comparable(a.get(i)));
        }
        assertThat(b.get(0).get("new").get("big").asText()).hasSize(25_000);
        assertThat(b.get(3).get("new").get("big").asText()).as("an unchanged TOASTed value comes from the old row")
                .hasSize(25_000);
    }

    /** What both capture modes must agree on: all but the position, its id and the time (statement or commit). */
    private static JsonNode comparable(JsonNode line) {
        ObjectNode o = ((ObjectNode) line).deepCopy();
        o.remove(List.of("id", "position", "time", "pipeline", "binding"));
        for (String image : List.of("old", "new")) {
            if (o.get(image) instanceof ObjectNode row && row.has("big")) {
                row.put("big", row.get("big").isNull() ? "null" : "text of " + row.get("big").asText().length());
            }
        }
        return o;
    }

    @Test
    void longAndShortTransactionsInterleavedArriveCommittedOnlyAndInPerRowOrder() throws Exception {
        PG.server().execute(db, "CREATE TABLE c (id int PRIMARY KEY, v int NOT NULL)");
        Path out = dir.resolve("out.jsonl");
        Copiste copiste = jsonl("order", "logical", "c", out);
        copiste.install();
        daemons.start(copiste, RunOptions.DEFAULTS.withBatchSize(50));
        int rows = 40;
        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<Future<?>> writers = new ArrayList<>();
        for (int w = 0; w < 6; w++) {
            int writer = w;
            writers.add(pool.submit(() -> {
                Random random = new Random(writer);
                try (Connection conn = PG.server().connect(db); Statement st = conn.createStatement()) {
                    conn.setAutoCommit(false);
                    for (int round = 0; round < 30; round++) {
                        int id = writer * rows + random.nextInt(rows);
                        st.execute("INSERT INTO c VALUES (" + id + ", 1) ON CONFLICT (id) DO UPDATE SET v = c.v + 1");
                        if (random.nextInt(4) == 0) {
                            Thread.sleep(random.nextInt(200));   // a long transaction, spanning sub-batches
                        }
                        if (random.nextInt(5) == 0) {
                            conn.rollback();
                        } else {
                            conn.commit();
                        }
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : writers) {
            f.get();
        }
        pool.shutdown();
        Map<Integer, Integer> expected = new HashMap<>();
        try (Connection conn = PG.server().connect(db); Statement st = conn.createStatement();
             ResultSet rs = st.executeQuery("SELECT id, v FROM c")) {
            while (rs.next()) {
                expected.put(rs.getInt(1), rs.getInt(2));
            }
        }
        int total = expected.values().stream().mapToInt(Integer::intValue).sum();
        Await.until(total + " changes", Duration.ofSeconds(60), () -> Jsonl.read(out).size() >= total);
        Map<Integer, Integer> seen = new HashMap<>();
        for (JsonNode line : Jsonl.read(out)) {
            int id = line.get("new").get("id").asInt();
            int v = line.get("new").get("v").asInt();
            assertThat(v).as("row %d's values arrive in commit order, each once", id).isEqualTo(seen.getOrDefault(id, 0) + 1);
            seen.put(id, v);
        }
        assertThat(seen).isEqualTo(expected);
        assertThat(Jsonl.read(out)).hasSize(total);
    }

    @Test
    void theSlotMovesOnAsChangesAreDeliveredAndARestartResumesAfterThem() throws Exception {
        PG.server().execute(db, "CREATE TABLE s (id int PRIMARY KEY, v text)");
        Path out = dir.resolve("out.jsonl");
        Copiste copiste = jsonl("resume", "logical", "s", out);
        copiste.install();
        PG.server().execute(db, "INSERT INTO s SELECT g, 'x' FROM generate_series(1, 5000) g");
        Engine first = daemons.create(copiste, RunOptions.DEFAULTS);
        var running = java.util.concurrent.CompletableFuture.runAsync(first::run);
        Await.until("5000 changes", Duration.ofSeconds(60), () -> Jsonl.read(out).size() >= 5000);
        Await.until("the slot acknowledged", Duration.ofSeconds(20), () -> behind() < 1024 * 1024);
        first.stopAndWait(Duration.ofSeconds(20));
        running.get();
        PG.server().execute(db, "UPDATE s SET v = 'y' WHERE id <= 10");
        daemons.start(copiste, RunOptions.DEFAULTS);
        Await.until("5010 changes", Duration.ofSeconds(60), () -> Jsonl.read(out).size() >= 5010);
        Thread.sleep(500);
        List<JsonNode> lines = Jsonl.read(out);
        assertThat(lines).as("nothing delivered twice after a clean stop").hasSize(5010);
        assertThat(lines.get(5009).get("op").asText()).isEqualTo("update");
        assertThat(copiste.status().daemon()).isNotNull();
    }

    private long behind() {
        try (Connection c = PG.server().connect(db); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), confirmed_flush_lsn)"
                     + " FROM pg_replication_slots WHERE slot_name LIKE 'copiste_resume_%'")) {
            return rs.next() ? rs.getLong(1) : Long.MAX_VALUE;
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void uninstallDropsTheSlotAndThePublication() throws Exception {
        PG.server().execute(db, "CREATE TABLE u (id int PRIMARY KEY)");
        Copiste copiste = jsonl("gone", "logical", "u", dir.resolve("u.jsonl"));
        copiste.install();
        assertThat(count("SELECT count(*) FROM pg_replication_slots WHERE slot_name LIKE 'copiste_gone_%'")).isEqualTo(1);
        assertThat(copiste.plan().hasChanges()).isFalse();
        copiste.uninstall(false);
        assertThat(count("SELECT count(*) FROM pg_replication_slots WHERE slot_name LIKE 'copiste_gone_%'")).isZero();
        assertThat(count("SELECT count(*) FROM pg_publication WHERE pubname LIKE 'copiste_gone_%'")).isZero();
    }

    @Test
    void aFailedInstallLeavesNoSlotAndNoPublication() throws Exception {
        PG.server().execute(db, "CREATE TABLE f (id int PRIMARY KEY)");
        Copiste copiste = copiste("""
                pipeline: failing
                capture: logical
                bindings:
                  - {name: f, table: f, function: {type: jsonl, path: '%s'}}
                  - {name: g, table: f, function: {type: log, message: "x"}}
                """.formatted(dir.resolve("f.jsonl")));
        // the in-database binding's trigger function cannot be created, after the slot was made: one of its name exists
        PG.server().execute(db, "CREATE SCHEMA copiste",
                "CREATE FUNCTION copiste.\"failing/g\"() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NULL; END'");
        assertThatThrownBy(copiste::install).isInstanceOf(CopisteException.class).hasMessageContaining("nothing was changed");
        assertThat(count("SELECT count(*) FROM pg_replication_slots WHERE slot_name LIKE 'copiste_failing_%'")).isZero();
        assertThat(count("SELECT count(*) FROM pg_publication WHERE pubname LIKE 'copiste_failing_%'")).isZero();
    }

    @Test
    void aPublicationLeftWithoutItsSlotIsDroppedByUninstallAndReplacedByInstall() throws Exception {
        PG.server().execute(db, "CREATE TABLE o (id int PRIMARY KEY)");
        Copiste copiste = jsonl("orphan", "logical", "o", dir.resolve("o.jsonl"));
        copiste.install();
        String name = string("SELECT slot_name FROM pg_replication_slots WHERE slot_name LIKE 'copiste_orphan_%'");
        PG.server().execute(db, "SELECT pg_drop_replication_slot('" + name + "')");   // as a crashed install leaves it
        copiste.uninstall(false);
        assertThat(count("SELECT count(*) FROM pg_publication WHERE pubname = '" + name + "'")).isZero();

        PG.server().execute(db, "CREATE PUBLICATION \"" + name + "\"");
        copiste.install();
        assertThat(count("SELECT count(*) FROM pg_replication_slots WHERE slot_name = '" + name + "'")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM pg_publication_tables WHERE pubname = '" + name + "' AND tablename = 'o'"))
                .isEqualTo(1);
    }

    @Test
    void aPartitionedTableIsRefusedWithLogicalCapture() {
        PG.server().execute(db, "CREATE TABLE parted (id int PRIMARY KEY) PARTITION BY RANGE (id)",
                "CREATE TABLE parted_1 PARTITION OF parted FOR VALUES FROM (0) TO (100)");
        Copiste copiste = jsonl("parted", "logical", "parted", dir.resolve("p.jsonl"));
        assertThatThrownBy(copiste::install).isInstanceOf(CopisteException.class)
                .hasMessageContaining("is a partitioned table, which 'capture: logical' does not read yet");
    }

    @Test
    void whenAndParkAreRefusedWithLogicalCapture() {
        assertThatThrownBy(() -> Manifest.parse("""
                pipeline: p
                capture: logical
                bindings:
                  - {name: a, table: t, when: "NEW.x > 1", function: {type: jsonl, path: /tmp/x}}
                  - {name: b, table: t, onError: park, function: {type: jsonl, path: /tmp/x}}
                """, "m.yaml")).isInstanceOf(ManifestException.class)
                .satisfies(e -> assertThat(((ManifestException) e).problems()).extracting(p -> p.message())
                        .anySatisfy(m -> assertThat(m).contains("binding 'a' has a 'when' condition"))
                        .anySatisfy(m -> assertThat(m).contains("binding 'b' has 'onError: park'")));
    }

    private String string(String sql) throws Exception {
        try (Connection c = PG.server().connect(db); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private long count(String sql) throws Exception {
        try (Connection c = PG.server().connect(db); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
