package io.copiste.install;

import io.copiste.Copiste;
import io.copiste.CopisteException;
import io.copiste.ErrorCode;
import io.copiste.db.Connector;
import io.copiste.manifest.Manifest;
import io.copiste.testkit.Await;
import io.copiste.testkit.PostgresExtension;
import io.copiste.testkit.PostgresServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(120)
class InstallIT {
    @RegisterExtension
    static final PostgresExtension PG = new PostgresExtension();

    private String db;

    @BeforeEach
    void createDatabase() {
        PostgresServer server = PG.server();
        db = server.createDatabase("install");
        server.execute(db, "CREATE TABLE people (id int PRIMARY KEY, login text NOT NULL, email text, active boolean)");
    }

    private Copiste copiste(String yaml) {
        Manifest manifest = Manifest.parse(yaml, "copiste.yaml");
        PostgresServer s = PG.server();
        return Copiste.of(manifest, Connector.of(s.host(), s.port(), db, s.user()));
    }

    private static final String V1 = """
            pipeline: demo
            bindings:
              - name: people-log
                table: people
                function:
                  type: log
                  message: "person {login} {op} (was {old.login})"
              - name: people-notify
                table: public.people
                on: [insert, update, delete, truncate]
                function:
                  type: notify
                  channel: people_changes
                  row: true
            """;

    @Test
    void installWritesTriggersThatFireAndUninstallLeavesNothing() throws Exception {
        Copiste v1 = copiste(V1);
        Plan plan = v1.plan();
        assertThat(plan.catalog()).isEqualTo("create");
        assertThat(plan.steps()).extracting(Plan.Step::action).containsExactly(Plan.Action.CREATE, Plan.Action.CREATE);

        Plan applied = v1.install();
        assertThat(applied.statements()).isEqualTo(plan.statements());
        assertThat(v1.plan().hasChanges()).as("a second plan finds nothing to do").isFalse();

        try (Connection listener = PG.server().connect(db); Connection writer = PG.server().connect(db)) {
            execute(listener, "LISTEN people_changes");
            execute(writer, "INSERT INTO people VALUES (1, 'ada', 'ada@example.org', true)");
            execute(writer, "UPDATE people SET login = 'ada2' WHERE id = 1");
            execute(writer, "DELETE FROM people");
            execute(writer, "TRUNCATE people");
            List<String> payloads = new ArrayList<>();
            Await.until("4 notifications", Duration.ofSeconds(10), () -> {
                payloads.addAll(notifications(listener));
                return payloads.size() >= 4;
            });
            assertThat(payloads.get(0)).contains("\"op\": \"insert\"", "\"key\": {\"id\": 1}", "\"login\": \"ada\"");
            assertThat(payloads.get(1)).contains("\"op\": \"update\"", "\"login\": \"ada2\"");
            assertThat(payloads.get(2)).contains("\"op\": \"delete\"");
            assertThat(payloads.get(3)).contains("\"op\": \"truncate\"", "\"key\": null");
        }
        Await.until("log lines", Duration.ofSeconds(10), () -> PG.server().log().contains("person ada2 update (was ada)"));
        assertThat(PG.server().log()).contains("person ada insert (was NULL)", "person ada2 delete (was ada2)");

        Copiste v2 = copiste("""
                pipeline: demo
                bindings:
                  - name: people-log
                    table: people
                    columns: [login]
                    function:
                      type: log
                      message: "changed {login}"
                  - name: people-debug
                    table: people
                    function: {type: debug}
                """);
        Plan diff = v2.plan();
        assertThat(diff.steps()).extracting(Plan.Step::binding, Plan.Step::action).containsExactly(
                org.assertj.core.groups.Tuple.tuple("people-notify", Plan.Action.DROP),
                org.assertj.core.groups.Tuple.tuple("people-log", Plan.Action.REPLACE),
                org.assertj.core.groups.Tuple.tuple("people-debug", Plan.Action.CREATE));
        v2.install();
        assertThat(triggers()).containsExactlyInAnyOrder("copiste/demo/people-log", "copiste/demo/people-debug");

        v2.uninstall();
        assertThat(triggers()).isEmpty();
        assertThat(query("SELECT count(*) FROM pg_namespace WHERE nspname = 'copiste'")).isEqualTo("0");
        assertThat(query("SELECT count(*) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
                + " WHERE n.nspname = 'copiste'")).isEqualTo("0");
    }

    @Test
    void pipelinesShareADatabaseWithoutInterfering() {
        Copiste a = copiste(V1);
        Copiste b = copiste(V1.replace("pipeline: demo", "pipeline: other"));
        a.install();
        b.install();
        assertThat(triggers()).hasSize(6);
        a.uninstall();
        assertThat(triggers()).containsExactlyInAnyOrder("copiste/other/people-log", "copiste/other/people-notify",
                "copiste/other/people-notify/truncate");
        assertThat(b.plan().hasChanges()).isFalse();
        b.uninstall();
        assertThat(triggers()).isEmpty();
    }

    @Test
    void droppedTriggerIsRepaired() {
        Copiste v1 = copiste(V1);
        v1.install();
        PG.server().execute(db, "DROP TRIGGER \"copiste/demo/people-log\" ON people");
        Plan plan = v1.plan();
        assertThat(plan.steps()).extracting(Plan.Step::action).containsExactly(Plan.Action.REPAIR, Plan.Action.KEEP);
        v1.install();
        assertThat(triggers()).contains("copiste/demo/people-log");
    }

    @Test
    void missingTableFailsWithoutChangingAnything() {
        Copiste bad = copiste(V1.replace("table: public.people", "table: persons"));
        assertThatThrownBy(bad::install)
                .isInstanceOf(DatabaseCheckException.class)
                .hasMessageContaining("table public.persons does not exist")
                .extracting(e -> ((CopisteException) e).code()).isEqualTo(ErrorCode.DATABASE_NOT_READY);
        assertThat(query("SELECT count(*) FROM pg_namespace WHERE nspname = 'copiste'")).isEqualTo("0");
    }

    @Test
    void oddIdentifiersAndLongNamesWork() throws Exception {
        PG.server().execute(db, "CREATE SCHEMA \"Sales Dept\"",
                "CREATE TABLE \"Sales Dept\".\"order \"\"items\"\"\" (\"select\" int PRIMARY KEY, \"Prix €\" numeric)");
        String pipeline = "a-pipeline-with-a-rather-long-name-" + "x".repeat(20);
        String binding = "a-binding-whose-name-is-also-long-" + "y".repeat(20);
        Copiste odd = copiste("pipeline: " + pipeline + "\nbindings:\n"
                + "  - name: " + binding + "\n"
                + "    table: '\"Sales Dept\".\"order \"\"items\"\"\"'\n"
                + "    columns: ['\"Prix €\"']\n"
                + "    on: [insert, truncate]\n"
                + "    function: {type: log, message: \"odd {\\\"Prix €\\\"} {select}\"}\n");
        odd.install();
        assertThat(odd.plan().hasChanges()).isFalse();
        PG.server().execute(db, "INSERT INTO \"Sales Dept\".\"order \"\"items\"\"\" VALUES (7, 12.50)",
                "TRUNCATE \"Sales Dept\".\"order \"\"items\"\"\"");
        Await.until("the odd log line", Duration.ofSeconds(10), () -> PG.server().log().contains("odd 12.50 7"));
        assertThat(PG.server().log()).contains("odd NULL NULL");
        assertThat(triggers()).allSatisfy(t -> assertThat(t.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .hasSizeLessThanOrEqualTo(63));
        odd.uninstall();
        assertThat(triggers()).isEmpty();
    }

    @Test
    void oversizedNotifyPayloadFallsBackToTheKey() throws Exception {
        copiste(V1).install();
        try (Connection listener = PG.server().connect(db); Connection writer = PG.server().connect(db)) {
            execute(listener, "LISTEN people_changes");
            execute(writer, "INSERT INTO people VALUES (9, repeat('x', 9000), NULL, true)");
            List<String> payloads = new ArrayList<>();
            Await.until("a notification", Duration.ofSeconds(10), () -> payloads.addAll(notifications(listener))
                    && !payloads.isEmpty());
            assertThat(payloads.get(0)).contains("\"key\": {\"id\": 9}", "\"truncated\": true").doesNotContain("xxxx");
        }
    }

    private List<String> triggers() {
        List<String> out = new ArrayList<>();
        try (Connection c = PG.server().connect(db); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
        return out;
    }

    private String query(String sql) {
        try (Connection c = PG.server().connect(db); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private static List<String> notifications(Connection c) {
        try {
            PGNotification[] n = c.unwrap(PGConnection.class).getNotifications(100);
            List<String> out = new ArrayList<>();
            if (n != null) {
                for (PGNotification x : n) {
                    out.add(x.getParameter());
                }
            }
            return out;
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }
}
