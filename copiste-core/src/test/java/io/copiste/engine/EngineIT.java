package io.copiste.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.copiste.Copiste;
import io.copiste.db.Connector;
import io.copiste.manifest.Manifest;
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
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(180)
class EngineIT {
    @RegisterExtension
    static final PostgresExtension PG = new PostgresExtension();

    @TempDir
    Path dir;
    private String db;
    @RegisterExtension
    final Daemons daemons = new Daemons();

    @BeforeEach
    void setUp() {
        db = PG.server().createDatabase("engine");
        PG.server().execute(db, "CREATE TABLE people (id int PRIMARY KEY, login text, amount numeric, data bytea,"
                + " at timestamptz)");
    }


    private Copiste copiste(Path out) {
        Manifest m = Manifest.parse("""
                pipeline: eng
                bindings:
                  - name: people
                    table: people
                    on: [insert, update, delete, truncate]
                    function: {type: jsonl, path: '%s'}
                """.formatted(out), "test.yaml");
        PostgresServer s = PG.server();
        return Copiste.of(m, Connector.of(s.host(), s.port(), db, s.user()));
    }

    @Test
    void deliversCommittedChangesInOrderWithLosslessValues() throws Exception {
        Path out = dir.resolve("out.jsonl");
        Copiste c = copiste(out);
        c.install();
        PG.server().execute(db,
                "INSERT INTO people VALUES (1, 'ada', 1.50, '\\x0102', '2024-01-02 03:04:05.123456+02')",
                "UPDATE people SET login = 'ada2' WHERE id = 1",
                "DELETE FROM people WHERE id = 1",
                "TRUNCATE people");
        try (Connection conn = PG.server().connect(db); Statement st = conn.createStatement()) {
            conn.setAutoCommit(false);
            st.execute("INSERT INTO people (id, login) VALUES (2, 'aborted')");
            conn.rollback();
        }
        daemons.start(c, RunOptions.DEFAULTS);
        Await.until("4 changes", Duration.ofSeconds(20), () -> Jsonl.read(out).size() >= 4);
        List<JsonNode> lines = Jsonl.read(out);
        assertThat(lines).extracting(l -> l.get("op").asText()).containsExactly("insert", "update", "delete", "truncate");
        JsonNode insert = lines.get(0);
        assertThat(insert.get("new").get("amount").asText()).isEqualTo("1.50");
        assertThat(insert.get("new").get("data").asText()).isEqualTo("AQI=");
        assertThat(insert.get("new").get("at").asText()).isEqualTo("2024-01-02T01:04:05.123456Z");
        assertThat(insert.get("key").toString()).isEqualTo("{\"id\":1}");
        assertThat(insert.has("old")).isFalse();
        assertThat(lines.get(1).get("old").get("login").asText()).isEqualTo("ada");
        assertThat(lines.get(2).has("new")).isFalse();
        assertThat(lines).noneMatch(l -> l.toString().contains("aborted"));

        PG.server().execute(db, "INSERT INTO people (id, login) VALUES (3, 'live')");
        Await.until("the live change", Duration.ofSeconds(10), () -> Jsonl.read(out).size() == 5);
        Thread.sleep(300);
        assertThat(Jsonl.read(out)).hasSize(5);
    }

    @Test
    void whenFiltersInsertsDeletesAndUpdatesInTheTrigger() throws Exception {
        Path out = dir.resolve("when.jsonl");
        Manifest m = Manifest.parse("""
                pipeline: filtered
                bindings:
                  - name: big
                    table: people
                    when: coalesce(NEW.amount, OLD.amount) >= 100
                    function: {type: jsonl, path: '%s'}
                """.formatted(out), "test.yaml");
        PostgresServer s = PG.server();
        Copiste c = Copiste.of(m, Connector.of(s.host(), s.port(), db, s.user()));
        c.install();
        PG.server().execute(db,
                // statement-level insert: one statement, rows kept and rows filtered out
                "INSERT INTO people (id, login, amount) VALUES (1, 'small', 5), (2, 'big', 500), (3, 'none', NULL)",
                // row-level update: NEW is tested
                "UPDATE people SET login = 'small2' WHERE id = 1",
                "UPDATE people SET amount = 150 WHERE id = 3",
                // statement-level delete: OLD is tested
                "DELETE FROM people WHERE id IN (1, 2)");
        daemons.start(c, RunOptions.DEFAULTS.withPoll(Duration.ofMillis(50)));
        Await.until("the kept changes", Duration.ofSeconds(20), () -> Jsonl.read(out).size() >= 3);
        Thread.sleep(300);
        assertThat(Jsonl.read(out)).extracting(l -> l.get("op").asText() + " " + l.get("key").get("id").asInt())
                .as("only changes whose row has amount >= 100").containsExactly("insert 2", "update 3", "delete 2");
    }

    @Test
    void arraysEnumsJsonAndNullAreLosslessAndAColumnNotCapturedIsAbsent() throws Exception {
        Path out = dir.resolve("types.jsonl");
        PG.server().execute(db, "CREATE TYPE mood AS ENUM ('sad', 'happy')",
                "CREATE TABLE things (id int PRIMARY KEY, tags text[], grid int[][], m mood, j json, jb jsonb,"
                        + " nothing text, hidden text)");
        Manifest m = Manifest.parse("""
                pipeline: types
                bindings:
                  - name: things
                    table: things
                    columns: [tags, grid, m, j, jb, nothing]
                    function: {type: jsonl, path: '%s'}
                """.formatted(out), "test.yaml");
        PostgresServer s = PG.server();
        Copiste c = Copiste.of(m, Connector.of(s.host(), s.port(), db, s.user()));
        c.install();
        PG.server().execute(db, "INSERT INTO things VALUES (1, ARRAY['a,b', NULL, 'c\"d'], '{{1,2},{3,4}}', 'happy',"
                + " '{\"x\": [1, 2.50], \"y\": null}', '{\"b\": 1, \"a\": true}', NULL, 'not captured')");
        daemons.start(c, RunOptions.DEFAULTS.withPoll(Duration.ofMillis(50)));
        Await.until("the insert", Duration.ofSeconds(20), () -> Jsonl.read(out).size() == 1);
        JsonNode row = Jsonl.read(out).get(0).get("new");
        assertThat(row.get("tags").toString()).isEqualTo("[\"a,b\",null,\"c\\\"d\"]");
        assertThat(row.get("grid").toString()).isEqualTo("[[1,2],[3,4]]");
        assertThat(row.get("m").asText()).isEqualTo("happy");
        assertThat(row.get("j").toString()).as("json embedded, numbers as written")
                .isEqualTo("{\"x\":[1,2.50],\"y\":null}");
        assertThat(row.get("jb").toString()).isEqualTo("{\"a\":true,\"b\":1}");
        assertThat(row.has("nothing")).as("a captured NULL is present").isTrue();
        assertThat(row.get("nothing").isNull()).isTrue();
        assertThat(row.has("hidden")).as("a column not captured is absent").isFalse();
    }

    @Test
    void aNotificationWakesTheSleepingDaemonLongBeforeItsPollAndAStopDoesNotWaitForIt() throws Exception {
        Path out = dir.resolve("wake.jsonl");
        Copiste c = copiste(out);
        c.install();
        Engine engine = daemons.create(c, RunOptions.DEFAULTS.withPoll(Duration.ofSeconds(60)));
        java.util.concurrent.CompletableFuture.runAsync(engine::run);
        Thread.sleep(1000);   // let it go to sleep on an empty queue
        for (int i = 1; i <= 3; i++) {
            long t0 = System.nanoTime();
            PG.server().execute(db, "INSERT INTO people (id, login) VALUES (" + (10 + i) + ", 'wake')");
            int expected = i;
            Await.until("change " + i + " delivered long before the 60 s poll", Duration.ofSeconds(10),
                    () -> Jsonl.read(out).size() == expected);
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("woken by NOTIFY, not by polling")
                    .isLessThan(Duration.ofSeconds(10));
            Thread.sleep(500);
        }
        assertThat(engine.stopAndWait(Duration.ofSeconds(5))).as("a sleeping daemon stops at once, whatever its poll")
                .isTrue();
    }
}
