package io.copiste.function.jdbc;

import io.copiste.Copiste;
import io.copiste.db.Connector;
import io.copiste.engine.Daemons;
import io.copiste.engine.Engine;
import io.copiste.engine.RunOptions;
import io.copiste.init.InitOptions;
import io.copiste.init.InitProgress;
import io.copiste.install.DatabaseCheckException;
import io.copiste.install.Plan;
import io.copiste.manifest.Manifest;
import io.copiste.manifest.Problem;
import io.copiste.testkit.Await;
import io.copiste.testkit.PostgresExtension;
import io.copiste.testkit.PostgresServer;
import io.copiste.testkit.TcpProxy;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** jdbc.table into a PostgreSQL database and into MariaDB (the machine's service on 127.0.0.1:3306). */
@Timeout(300)
class JdbcTableIT {
    @RegisterExtension
    static final PostgresExtension PG = new PostgresExtension();
    private static final String MARIADB = "jdbc:mariadb://127.0.0.1:3306/test";

    private String source;
    private String replica;
    @RegisterExtension
    final Daemons daemons = new Daemons();

    @BeforeEach
    void setUp() {
        PostgresServer s = PG.server();
        source = s.createDatabase("src");
        replica = s.createDatabase("replica");
        s.execute(source, "CREATE TYPE mood AS ENUM ('sad', 'happy')", """
                CREATE TABLE wide (id int PRIMARY KEY, n numeric(20,6), f float8, t timestamptz, ts timestamp, d date,
                    tm time, iv interval, u uuid, j jsonb, js json, by bytea, arr int[], tarr text[], e mood,
                    big text, flag boolean, nothing text)""");
        s.execute(replica, "CREATE TYPE mood AS ENUM ('sad', 'happy')");
    }


    private Copiste copiste(String function) {
        return copiste(function, "trigger");
    }

    private Copiste copiste(String function, String capture) {
        PostgresServer s = PG.server();
        Manifest m = Manifest.parse("""
                pipeline: rep
                capture: %s
                allowPlaintextSecrets: true
                targets:
                  replica: {type: jdbc, url: 'jdbc:postgresql://%s:%d/%s', user: postgres}
                  maria: {type: jdbc, url: '%s', user: root}
                bindings:
                  - name: wide
                    table: wide
                    on: [insert, update, delete, truncate]
                    function: %s
                """.formatted(capture, s.host(), s.port(), replica, MARIADB, function), "test.yaml");
        return Copiste.of(m, Connector.of(s.host(), s.port(), source, s.user()));
    }

    private static final String ROWS = """
            INSERT INTO wide SELECT g, g * 1.000001, g / 3.0, '2024-01-02 03:04:05.123456+02', '2024-01-02 03:04:05.5',
                '2024-02-29', '23:59:59.999999', '1 year 2 days 03:04:05', gen_random_uuid(), '{"x": [1, 2.50]}',
                (ARRAY['{"y": null}', '"a JSON string"', '7'])[g %% 3 + 1]::json, '\\x00ff10', ARRAY[g, NULL, 3], ARRAY['a,b', 'c"d', NULL], 'happy', repeat('é', 100000),
                g %% 2 = 0, NULL FROM generate_series(%d, %d) g""";

    @Test
    void everyCommonTypeRoundTripsToPostgresAndTheTargetFollowsInsertsUpdatesDeletesAndTruncate() throws Exception {
        PG.server().execute(source, ROWS.formatted(1, 300));
        Copiste c = copiste("{type: jdbc.table, target: replica}");
        Plan plan = c.plan();
        assertThat(plan.steps().get(0).targetDdl()).singleElement().asString()
                .contains("CREATE TABLE IF NOT EXISTS \"public\".\"wide\"", "\"n\" numeric(20,6)", "PRIMARY KEY (\"id\")");
        assertThatThrownBy(c::install).isInstanceOf(DatabaseCheckException.class)
                .hasMessageContaining("the target table does not exist on target 'replica'");
        c.install(false, true);
        assertThat(c.check()).isEmpty();

        c.init(InitOptions.DEFAULTS.withChunkRows(100), InitProgress.NONE);
        assertThat(differences()).isZero();

        daemons.start(c, RunOptions.DEFAULTS.withBatchSize(100).withPoll(Duration.ofMillis(50)));
        PG.server().execute(source, ROWS.formatted(301, 400),
                "UPDATE wide SET n = n * 2, arr = ARRAY[7], nothing = 'x' WHERE id % 3 = 0",
                "UPDATE wide SET id = id + 1000 WHERE id BETWEEN 10 AND 19",
                "DELETE FROM wide WHERE id % 5 = 0");
        awaitEqual();
        try (Connection conn = PG.server().connect(source); Statement st = conn.createStatement()) {
            conn.setAutoCommit(false);      // several changes of one key in one batch collapse to their net effect
            st.execute("INSERT INTO wide (id) VALUES (5000)");
            st.execute("UPDATE wide SET big = 'once' WHERE id = 5000");
            st.execute("DELETE FROM wide WHERE id = 5000");
            st.execute("INSERT INTO wide (id, big) VALUES (5000, 'twice')");
            conn.commit();
        }
        awaitEqual();
        assertThat(scalar(replica, "SELECT batch FROM copiste_position WHERE pipeline = 'rep'")).isPositive();
        PG.server().execute(source, "TRUNCATE wide");
        Await.until("the truncate propagated", Duration.ofSeconds(30), () -> scalar(replica, "SELECT count(*) FROM wide") == 0);
    }

    @Test
    void withLogicalCaptureEveryTypeRoundTripsAndRowsAlreadyOnTheTargetAreUpserted() throws Exception {
        Copiste c = copiste("{type: jdbc.table, target: replica}", "logical");
        c.install(false, true);
        assertThat(c.plan().replicaIdentityFull()).as("jdbc.table needs only the key of old rows").isEmpty();
        // rows the target has already (as after a copy made before install): the COPY of the inserts conflicts,
        // and the same rows go again as the upsert
        PG.server().execute(replica, "INSERT INTO wide (id, big) SELECT g, 'stale' FROM generate_series(1, 50) g");
        daemons.start(c, RunOptions.DEFAULTS.withBatchSize(100).withPoll(Duration.ofMillis(50)));
        PG.server().execute(source, ROWS.formatted(1, 300),
                "UPDATE wide SET n = n * 2, arr = ARRAY[7], nothing = 'x' WHERE id % 3 = 0",
                "UPDATE wide SET f = f + 1 WHERE id % 7 = 0",     // big (TOASTed) unchanged: not sent
                "UPDATE wide SET id = id + 1000 WHERE id BETWEEN 10 AND 19",
                "DELETE FROM wide WHERE id % 5 = 0");
        awaitEqual();
        assertThat(scalar(replica, "SELECT count(*) FROM wide WHERE big = 'stale'")).isZero();
        PG.server().execute(source, "TRUNCATE wide", ROWS.formatted(1, 10));
        awaitEqual();
        assertThat(scalar(replica, "SELECT count(*) FROM wide")).isEqualTo(10);
    }

    @Test
    void withLogicalCaptureATargetOutageNeitherLosesNorRepeatsAppendOnlyRows() throws Exception {
        PostgresServer s = PG.server();
        s.execute(source, "CREATE TABLE events (n int NOT NULL, v text)");
        s.execute(replica, "CREATE TABLE events (n int NOT NULL, v text)");
        try (TcpProxy proxy = new TcpProxy(s.host(), s.port())) {
            Manifest m = Manifest.parse("""
                    pipeline: outage
                    capture: logical
                    targets:
                      replica: {type: jdbc, url: 'jdbc:postgresql://%s:%d/%s', user: postgres}
                    bindings:
                      - {name: events, table: events, function: {type: jdbc.table, target: replica}}
                    """.formatted(s.host(), proxy.port(), replica), "test.yaml");
            Copiste c = Copiste.of(m, Connector.of(s.host(), s.port(), source, s.user()));
            c.install();
            daemons.start(c, RunOptions.DEFAULTS.withBatchSize(20).withPoll(Duration.ofMillis(50))
                    .withRetry(Duration.ofMillis(50), Duration.ofMillis(500)));
            for (int i = 1; i <= 300; i++) {
                s.execute(source, "INSERT INTO events VALUES (" + i + ", 'x')");
                if (i == 100) {
                    proxy.cut();     // mid-stream: the daemon retries, lets go of the slot, comes back
                } else if (i == 200) {
                    proxy.restore();
                }
                Thread.sleep(10);
            }
            Await.until("every event on the target", Duration.ofSeconds(60),
                    () -> scalar(replica, "SELECT count(DISTINCT n) FROM events") == 300);
            Thread.sleep(1000);
            assertThat(scalar(replica, "SELECT count(*) FROM events")).as("no event applied twice").isEqualTo(300);
        }
    }

    @Test
    void columnMappingsKeysAndSoftDelete() throws Exception {
        PG.server().execute(replica, "CREATE TABLE people_copy (ident int PRIMARY KEY, label text, origin text,"
                + " copied_at timestamptz, deleted_at timestamptz)");
        PG.server().execute(source, "CREATE TABLE people (id int PRIMARY KEY, name text, secret text)",
                "INSERT INTO people VALUES (1, 'ada', 's1'), (2, 'bob', 's2')");
        Copiste c = Copiste.of(Manifest.parse("""
                pipeline: map
                targets:
                  replica: {type: jdbc, url: 'jdbc:postgresql://127.0.0.1:%d/%s', user: postgres}
                bindings:
                  - name: people
                    table: people
                    function:
                      type: jdbc.table
                      target: replica
                      table: people_copy
                      columns: {ident: id, label: name, origin: {value: copiste}, copied_at: {sql: now()}}
                      exclude: [secret]
                      onDelete: soft
                      softDelete: {column: deleted_at, sql: now()}
                """.formatted(PG.server().port(), replica), "map.yaml"),
                Connector.of(PG.server().host(), PG.server().port(), source, "postgres"));
        c.install();
        c.init(InitOptions.DEFAULTS, InitProgress.NONE);
        daemons.start(c, RunOptions.DEFAULTS.withBatchSize(100).withPoll(Duration.ofMillis(50)));
        PG.server().execute(source, "DELETE FROM people WHERE id = 2", "UPDATE people SET name = 'ada2' WHERE id = 1");
        Await.until("the soft delete", Duration.ofSeconds(30),
                () -> scalar(replica, "SELECT count(*) FROM people_copy WHERE deleted_at IS NOT NULL") == 1);
        Await.until("the update", Duration.ofSeconds(30),
                () -> scalar(replica, "SELECT count(*) FROM people_copy WHERE label = 'ada2' AND origin = 'copiste'"
                        + " AND copied_at IS NOT NULL AND deleted_at IS NULL") == 1);
        PG.server().execute(source, "INSERT INTO people VALUES (2, 'bob again', 's3')");
        Await.until("the row back alive", Duration.ofSeconds(30),
                () -> scalar(replica, "SELECT count(*) FROM people_copy WHERE ident = 2 AND deleted_at IS NULL") == 1);

        PG.server().execute(replica, "ALTER TABLE people_copy DROP COLUMN origin");
        assertThat(c.check()).extracting(Problem::message).anySatisfy(m ->
                assertThat(m).contains("column 'origin' is missing on \"people_copy\" of target 'replica'"));
    }

    @Test
    void anotherKeyIgnoredDeletesAndTruncatePolicies() throws Exception {
        PG.server().execute(source, "CREATE TABLE accounts (id serial PRIMARY KEY, login text UNIQUE NOT NULL,"
                + " name text)");
        PG.server().execute(replica, "CREATE TABLE by_login (login text PRIMARY KEY, name text)");
        String yaml = """
                pipeline: policies
                targets:
                  replica: {type: jdbc, url: 'jdbc:postgresql://127.0.0.1:%d/%s', user: postgres}
                bindings:
                  - name: accounts
                    table: accounts
                    on: [insert, update, delete, truncate]
                    function:
                      type: jdbc.table
                      target: replica
                      table: by_login
                      exclude: [id]
                      key: [login]
                      onDelete: ignore
                      onTruncate: %s
                """;
        Copiste ignoring = Copiste.of(Manifest.parse(yaml.formatted(PG.server().port(), replica, "ignore"),
                "p.yaml"), Connector.of(PG.server().host(), PG.server().port(), source, "postgres"));
        ignoring.install();
        RunOptions fast = RunOptions.DEFAULTS.withPoll(Duration.ofMillis(50));
        Engine first = daemons.create(ignoring, fast);
        CompletableFuture<Void> running = CompletableFuture.runAsync(first::run);
        PG.server().execute(source, "INSERT INTO accounts (login, name) VALUES ('ada', 'Ada'), ('bob', 'Bob')",
                "UPDATE accounts SET name = 'Ada L.' WHERE login = 'ada'", "DELETE FROM accounts WHERE login = 'bob'",
                "TRUNCATE accounts", "INSERT INTO accounts (login, name) VALUES ('eve', 'Eve')");
        Await.until("rows upserted by login", Duration.ofSeconds(30),
                () -> scalar(replica, "SELECT count(*) FROM by_login WHERE login = 'eve'") == 1);
        assertThat(scalar(replica, "SELECT count(*) FROM by_login WHERE login = 'ada' AND name = 'Ada L.'"))
                .as("updated through the login key, kept through the ignored truncate").isEqualTo(1);
        assertThat(scalar(replica, "SELECT count(*) FROM by_login WHERE login = 'bob'")).as("the delete ignored")
                .isEqualTo(1);
        first.stopAndWait(Duration.ofSeconds(30));
        running.join();

        Copiste failing = Copiste.of(Manifest.parse(yaml.formatted(PG.server().port(), replica, "fail"), "p.yaml"),
                Connector.of(PG.server().host(), PG.server().port(), source, "postgres"));
        failing.install();
        CompletableFuture<Void> stopped = daemons.start(failing, fast);
        PG.server().execute(source, "TRUNCATE accounts");
        Throwable failure = io.copiste.testkit.Await.value("the daemon to stop on the truncate", Duration.ofSeconds(30),
                () -> stopped.isCompletedExceptionally() ? stopped.handle((v, t) -> t).join() : null);
        assertThat(failure.getCause()).hasMessageContaining("'onTruncate' is 'fail'");
        assertThat(scalar(replica, "SELECT count(*) FROM by_login")).as("nothing truncated").isEqualTo(3);
    }

    @Test
    void aReinstalledPipelineDeliversItsChangesDespiteThePositionTheTargetKeptFromBefore() throws Exception {
        PG.server().execute(source, "CREATE TABLE notes (id int PRIMARY KEY, body text)");
        PG.server().execute(replica, "CREATE TABLE notes (id int PRIMARY KEY, body text)");
        Copiste c = Copiste.of(Manifest.parse("""
                pipeline: again
                targets:
                  replica: {type: jdbc, url: 'jdbc:postgresql://127.0.0.1:%d/%s', user: postgres}
                bindings:
                  - {name: notes, table: notes, function: {type: jdbc.table, target: replica}}
                """.formatted(PG.server().port(), replica), "again.yaml"),
                Connector.of(PG.server().host(), PG.server().port(), source, "postgres"));
        RunOptions fast = RunOptions.DEFAULTS.withBatchSize(2).withPoll(Duration.ofMillis(50));
        c.install();
        Engine first = daemons.create(c, fast);
        CompletableFuture<Void> running = CompletableFuture.runAsync(first::run);
        for (int i = 1; i <= 6; i++) {
            PG.server().execute(source, "INSERT INTO notes VALUES (" + i + ", 'first install')");
        }
        Await.until("the first install's rows", Duration.ofSeconds(30),
                () -> scalar(replica, "SELECT count(*) FROM notes") == 6);
        // the target commits before the queue records its progress: wait for that too, or uninstall sees a backlog
        Await.until("the queue's progress recorded", Duration.ofSeconds(30), () -> c.status().queued() == 0);
        first.stopAndWait(Duration.ofSeconds(30));
        running.join();
        c.uninstall();

        c.install();
        daemons.start(c, fast);
        PG.server().execute(source, "INSERT INTO notes VALUES (7, 'second install')",
                "UPDATE notes SET body = 'changed' WHERE id = 1");
        Await.until("the new install's changes, not skipped as already applied", Duration.ofSeconds(30),
                () -> scalar(replica, "SELECT count(*) FROM notes WHERE id = 7 OR body = 'changed'") == 2);
    }

    @Test
    void jsonValuesThatAreNotObjectsGoThroughCopyIntact() throws Exception {
        PostgresServer s = PG.server();
        s.execute(source, "CREATE TABLE docs (id int PRIMARY KEY, js json, jb jsonb)");
        Copiste c = Copiste.of(Manifest.parse("""
                pipeline: docs
                targets:
                  replica: {type: jdbc, url: 'jdbc:postgresql://%s:%d/%s', user: postgres}
                bindings:
                  - {name: docs, table: docs, function: {type: jdbc.table, target: replica}}
                """.formatted(s.host(), s.port(), replica), "test.yaml"), Connector.of(s.host(), s.port(), source, s.user()));
        c.install(false, true);
        daemons.start(c, RunOptions.DEFAULTS.withPoll(Duration.ofMillis(50)));
        // no array column: the inserts go by COPY, which reads json's text (a JSON string keeps its quotes)
        s.execute(source, "INSERT INTO docs VALUES (1, '\"a JSON string\"', '\"another\"'), (2, '7', '2.50'),"
                + " (3, '{\"a\": [1, \"x\"]}', 'true'), (4, '[1, 2]', '\"tab\\there\"')");
        Await.until("the documents on the target", Duration.ofSeconds(30), () -> scalar(replica, "SELECT count(*) FROM docs") == 4);
        assertThat(differences("docs")).isZero();
    }

    @Test
    void mariaDbTargetGetsTheMappedTypes() throws Exception {
        try (Connection m = DriverManager.getConnection(MARIADB, "root", ""); Statement st = m.createStatement()) {
            st.execute("DROP TABLE IF EXISTS wide");
            st.execute("DROP TABLE IF EXISTS copiste_position");
        }
        PG.server().execute(source, ROWS.formatted(1, 50));
        Copiste c = copiste("{type: jdbc.table, target: maria}");
        c.install(false, true);
        c.init(InitOptions.DEFAULTS, InitProgress.NONE);
        daemons.start(c, RunOptions.DEFAULTS.withBatchSize(100).withPoll(Duration.ofMillis(50)));
        PG.server().execute(source, "UPDATE wide SET n = 1.5, flag = NOT flag WHERE id = 7", "DELETE FROM wide WHERE id = 8");
        try (Connection m = DriverManager.getConnection(MARIADB, "root", "")) {
            Await.until("the delete on MariaDB", Duration.ofSeconds(30), () -> scalar(m, "SELECT count(*) FROM wide") == 49);
            Await.until("the update on MariaDB", Duration.ofSeconds(30),
                    () -> scalar(m, "SELECT count(*) FROM wide WHERE id = 7 AND n = 1.5") == 1);
            try (Statement st = m.createStatement(); ResultSet rs = st.executeQuery("SELECT t, ts, d, `by`, arr, j, e,"
                    + " char_length(big), u FROM wide WHERE id = 1")) {
                rs.next();
                assertThat(rs.getString(1)).as("timestamptz as UTC").startsWith("2024-01-02 01:04:05.123456");
                assertThat(rs.getString(2)).startsWith("2024-01-02 03:04:05.5");
                assertThat(rs.getString(3)).isEqualTo("2024-02-29");
                assertThat(rs.getBytes(4)).containsExactly(0x00, 0xff, 0x10);
                assertThat(rs.getString(5)).isEqualTo("[1,null,3]");
                assertThat(rs.getString(6)).contains("2.50");
                assertThat(rs.getString(7)).isEqualTo("happy");
                assertThat(rs.getLong(8)).isEqualTo(100000);
                assertThat(rs.getString(9)).hasSize(36);
            }
        }
    }

    private void awaitEqual() {
        Await.until("the replica equal to the source", Duration.ofSeconds(60), () -> differences() == 0);
    }

    /** Rows that differ between source and replica, compared as jsonb (every column, exact values). */
    private long differences() {
        return differences("wide");
    }

    private long differences(String table) {
        try (Connection c = PG.server().connect(source); Statement st = c.createStatement()) {
            st.execute("CREATE EXTENSION IF NOT EXISTS dblink");
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM (SELECT to_jsonb(w) r FROM " + table + " w) s FULL JOIN"
                    + " dblink('dbname=" + replica + " user=postgres port=" + PG.server().port() + " host=127.0.0.1',"
                    + " 'SELECT to_jsonb(w)::text FROM " + table + " w') AS t(r text) ON s.r = t.r::jsonb"
                    + " WHERE s.r IS NULL OR t.r IS NULL")) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private long scalar(String db, String sql) {
        try (Connection c = PG.server().connect(db)) {
            return scalar(c, sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long scalar(Connection c, String sql) {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
