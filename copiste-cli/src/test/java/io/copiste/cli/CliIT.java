package io.copiste.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.copiste.testkit.Await;
import io.copiste.testkit.PostgresExtension;
import io.copiste.testkit.PostgresServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(120)
class CliIT {
    @RegisterExtension
    static final PostgresExtension PG = new PostgresExtension();

    @TempDir
    Path dir;
    private String db;
    private Path manifest;

    @BeforeEach
    void setUp() throws Exception {
        PostgresServer s = PG.server();
        db = s.createDatabase("cli");
        s.execute(db, "CREATE TABLE people (id int PRIMARY KEY, login text, email text)");
        manifest = dir.resolve("copiste.yaml");
        write("""
                bindings:
                  - name: people-log
                    table: people
                    function: {type: log, message: "cli saw {login} {op}"}
                """);
    }

    private void write(String bindings) throws Exception {
        PostgresServer s = PG.server();
        Files.writeString(manifest, "pipeline: cli\nsource: {host: " + s.host() + ", port: " + s.port() + ", database: "
                + db + ", user: postgres}\n" + bindings);
    }

    private Cli copiste(String... args) {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "-f";
        all[args.length + 1] = manifest.toString();
        return Cli.run(all);
    }

    @Test
    void planInstallChangeAndUninstallEndToEnd() throws Exception {
        assertThat(copiste("validate").out()).contains("is valid: pipeline 'cli', 1 binding");
        Cli plan = copiste("plan");
        assertThat(plan.exit()).as(plan.toString()).isZero();
        assertThat(plan.out()).contains("+ people-log", "CREATE TRIGGER \"copiste/cli/people-log\"");
        assertThat(copiste("plan", "--exit-code").exit()).isEqualTo(6);

        Cli install = copiste("install");
        assertThat(install.exit()).as(install.toString()).isZero();
        assertThat(install.out()).contains("done: 1 created");
        PG.server().execute(db, "INSERT INTO people VALUES (1, 'ada', NULL)");
        Await.until("the log line", Duration.ofSeconds(10), () -> PG.server().log().contains("cli saw ada insert"));
        assertThat(copiste("plan", "--exit-code").exit()).as("installed and unchanged").isZero();
        assertThat(copiste("install").out()).contains("nothing to do");

        write("""
                bindings:
                  - name: people-log
                    table: people
                    on: [delete]
                    function: {type: log, message: "cli gone {login}"}
                """);
        Cli diff = copiste("plan", "--json");
        JsonNode json = new ObjectMapper().readTree(diff.out());
        assertThat(json.get("steps").get(0).get("action").asText()).isEqualTo("replace");
        assertThat(copiste("install").exit()).isZero();
        PG.server().execute(db, "DELETE FROM people");
        Await.until("the delete log line", Duration.ofSeconds(10), () -> PG.server().log().contains("cli gone ada"));

        Cli uninstall = copiste("uninstall");
        assertThat(uninstall.exit()).as(uninstall.toString()).isZero();
        assertThat(copisteObjects()).isZero();
        assertThat(copiste("uninstall").out()).contains("is not installed");
    }

    @Test
    void malformedYamlIsOneLineWithItsLocation() throws Exception {
        Files.writeString(manifest, "pipeline: cli\nbindings:\n  - name: a\n   table: b\n");
        Cli r = copiste("validate");
        assertThat(r.exit()).isEqualTo(3);
        assertThat(r.err()).startsWith("error: " + manifest + ":4:");
        assertThat(r.err()).doesNotContain("Exception");
    }

    @Test
    void unknownKeyGetsASuggestion() throws Exception {
        write("bindings:\n  - name: a\n    tabel: people\n    function: {type: log, message: m}\n");
        Cli r = copiste("install");
        assertThat(r.exit()).isEqualTo(3);
        assertThat(r.err()).contains(":5:5: unknown key 'tabel' in binding 'a'", "hint: did you mean 'table'?",
                ":4:5: binding 'a' needs 'table'");
        assertThat(copisteObjects()).isZero();
    }

    @Test
    void validateJsonListsProblems() throws Exception {
        write("bindings:\n  - name: a\n    table: people\n    function: {type: lgo}\n");
        Cli r = copiste("validate", "--json");
        assertThat(r.exit()).isEqualTo(3);
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertThat(json.get("valid").asBoolean()).isFalse();
        assertThat(json.get("problems").get(0).get("line").asInt()).isEqualTo(6);
        assertThat(json.get("problems").get(0).get("hint").asText()).isEqualTo("did you mean 'log'?");
    }

    @Test
    void missingTableAndColumnAreReportedTogether() throws Exception {
        write("""
                bindings:
                  - name: a
                    table: persons
                    function: {type: log, message: m}
                  - name: b
                    table: people
                    columns: [mail]
                    function: {type: log, message: "{login}"}
                """);
        Cli r = copiste("install");
        assertThat(r.exit()).isEqualTo(5);
        assertThat(r.err()).contains("binding 'a': table public.persons does not exist",
                "binding 'b': column 'mail' (in 'columns') does not exist in public.people", "did you mean 'email'?");
        assertThat(copiste("check").exit()).isEqualTo(5);
        assertThat(copisteObjects()).isZero();
    }

    @Test
    void badWhenConditionIsCaughtByTheDatabaseCheck() throws Exception {
        write("bindings:\n  - {name: a, table: people, when: NEW.nope > 1, function: {type: log, message: m}}\n");
        Cli r = copiste("check");
        assertThat(r.exit()).isEqualTo(5);
        assertThat(r.err()).contains("'when' does not work on public.people", "nope");
    }

    @Test
    void wrongPasswordIsRefusedWithoutPrintingIt() throws Exception {
        PG.server().requirePasswords();
        PG.server().execute("postgres", "DO $$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'app')"
                + " THEN CREATE ROLE app LOGIN PASSWORD 'right-password'; END IF; END$$");
        Path secret = dir.resolve("pw");
        Files.writeString(secret, "wrong-password-xyz\n");
        PostgresServer s = PG.server();
        Files.writeString(manifest, "pipeline: cli\nsource: {host: " + s.host() + ", port: " + s.port() + ", database: "
                + db + ", user: app, password: '${file:" + secret + "}'}\nbindings: []\n");
        Cli r = copiste("plan");
        assertThat(r.exit()).as(r.toString()).isEqualTo(4);
        assertThat(r.err()).contains("cannot log in to postgresql://app@").doesNotContain("wrong-password-xyz");
        assertThat(r.out()).doesNotContain("wrong-password-xyz");
        Files.writeString(secret, "right-password\n");
        assertThat(copiste("plan").exit()).isZero();
    }

    @Test
    void unreachableServerIsACannotConnect() throws Exception {
        Files.writeString(manifest, "pipeline: cli\nsource: {host: 127.0.0.1, port: 1, database: x}\nbindings: []\n");
        Cli r = copiste("check");
        assertThat(r.exit()).isEqualTo(4);
        assertThat(r.err()).contains("cannot connect to postgresql://", "hint: check 'source.host'");
    }

    @Test
    void secondConcurrentInstallIsRefused() throws Exception {
        try (Connection other = PG.server().connect(db); Statement st = other.createStatement()) {
            other.setAutoCommit(false);
            st.execute("SELECT pg_advisory_xact_lock(" + 0x636f7069 + ", 1)");
            Cli r = copiste("install");
            assertThat(r.exit()).isEqualTo(5);
            assertThat(r.err()).contains("another copiste install or uninstall is running", "server process");
            other.rollback();
        }
        assertThat(copisteObjects()).isZero();
        assertThat(copiste("install").exit()).isZero();
    }

    @Test
    void usageErrorsExitWithTwo() {
        Cli r = Cli.run("plan", "--no-such-option");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("Unknown option", "hint: see 'copiste plan --help'");
    }

    private int copisteObjects() throws Exception {
        try (Connection c = PG.server().connect(db); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT (SELECT count(*) FROM pg_namespace WHERE nspname = 'copiste')"
                     + " + (SELECT count(*) FROM pg_trigger WHERE tgname LIKE 'copiste/%')")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
