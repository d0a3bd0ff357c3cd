package io.copiste.cli;

import io.copiste.Copiste;
import io.copiste.db.Connector;
import io.copiste.install.Plan;
import io.copiste.manifest.Manifest;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

@Command(mixinStandardHelpOptions = true, name = "demo", sortOptions = false,
        header = "See copiste work on a throw-away PostgreSQL: nothing to install.",
        description = "Starts an embedded PostgreSQL server in a temporary directory, installs a small manifest, writes rows and shows the functions firing, changes the manifest and shows the plan, then uninstalls and stops the server. With --keep the server stays up for you to explore.")
final class DemoCommand implements Callable<Integer> {
    static final String MANIFEST = """
            # copiste demo: log and notify every change of the people table
            pipeline: demo
            source:
              host: 127.0.0.1
              port: %d
              database: postgres
              user: postgres
            bindings:
              - name: people-log
                table: people
                function:
                  type: log
                  level: notice
                  message: "person {login} {op} (email {email})"
              - name: people-notify
                table: people
                on: [insert, update, delete, truncate]
                function:
                  type: notify
                  channel: people_changes
            """;

    @Spec
    CommandSpec spec;

    @Option(names = "--keep", description = "Leave the server running (with the pipeline installed) until Ctrl-C.")
    boolean keep;

    private PrintWriter out;

    @Override
    public Integer call() throws Exception {
        out = spec.commandLine().getOut();
        Path dir = Files.createTempDirectory("copiste-demo-");
        out.println("copiste demo: starting an embedded PostgreSQL in " + dir + " ...");
        out.flush();
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder()
                .setDataDirectory(dir.resolve("data"))
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setOutputRedirector(Redirect.appendTo(dir.resolve("postgres.log").toFile()))
                .setErrorRedirector(Redirect.appendTo(dir.resolve("postgres.log").toFile()))
                .start()) {
            int port = pg.getPort();
            try (Connection c = pg.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
                st.execute("CREATE TABLE people (id serial PRIMARY KEY, login text UNIQUE NOT NULL, email text)");
                out.println("PostgreSQL " + c.getMetaData().getDatabaseProductVersion() + " is up on 127.0.0.1:" + port
                        + ", with a table: people (id serial primary key, login text, email text)");
            }
            Path manifestFile = dir.resolve("copiste.yaml");
            Files.writeString(manifestFile, MANIFEST.formatted(port));
            section("1. the manifest (" + manifestFile + ")");
            out.print(Files.readString(manifestFile).indent(4));

            Copiste copiste = Copiste.of(Manifest.load(manifestFile));
            section("2. copiste plan: what install would do");
            Plan plan = copiste.plan();
            Render.planSummary(out, plan);
            out.println("    (" + plan.statements().size() + " SQL statements; 'copiste plan' prints them)");

            section("3. copiste install");
            copiste.install();
            out.println("    installed: triggers on people call generated PL/pgSQL functions in schema copiste");

            section("4. writes, and what the functions did");
            try (Connection writer = connect(port); Connection listener = connect(port)) {
                run(listener, "LISTEN people_changes");
                write(writer, listener, "INSERT INTO people (login, email) VALUES ('ada', 'ada@example.org')");
                write(writer, listener, "INSERT INTO people (login) VALUES ('grace')");
                write(writer, listener, "UPDATE people SET email = 'grace@example.org' WHERE login = 'grace'");
                write(writer, listener, "UPDATE people SET email = email WHERE login = 'ada'");
                out.println("      (no change to any column: nothing fired)");
                write(writer, listener, "DELETE FROM people WHERE login = 'ada'");
                writer.setAutoCommit(false);
                write(writer, listener, "INSERT INTO people (login) VALUES ('ghost')");
                writer.rollback();
                writer.setAutoCommit(true);
                out.println("    SQL> ROLLBACK");
                drain(listener);
                out.println("      (log fired inside the aborted transaction; notify is only delivered on commit)");
            }

            section("5. change the manifest: log only people with an email");
            Files.writeString(manifestFile, MANIFEST.formatted(port)
                    .replace("    table: people\n    function:\n      type: log",
                            "    table: people\n    when: NEW.email IS NOT NULL\n    function:\n      type: log"));
            out.println("    + when: NEW.email IS NOT NULL   (on binding people-log)");
            copiste = Copiste.of(Manifest.load(manifestFile));
            Render.planSummary(out, copiste.plan());
            copiste.install();
            try (Connection writer = connect(port); Connection listener = connect(port)) {
                run(listener, "LISTEN people_changes");
                write(writer, listener, "INSERT INTO people (login) VALUES ('linus')");
                write(writer, listener, "INSERT INTO people (login, email) VALUES ('barbara', 'barbara@example.org')");
            }

            if (keep) {
                out.println();
                out.println("the pipeline stays installed; explore with:");
                out.println("    psql -h 127.0.0.1 -p " + port + " -U postgres postgres");
                out.println("    copiste -f " + manifestFile + " plan");
                out.println("press Ctrl-C to stop the server");
                out.flush();
                new CountDownLatch(1).await();
            }
            section("6. copiste uninstall");
            Plan removed = copiste.uninstall();
            out.println("    removed " + removed.steps().size() + " bindings and copiste's schema: the database is as it was");
        } finally {
            deleteQuietly(dir);
        }
        out.println();
        out.println("next: write your own copiste.yaml (see docs/manifest.md) and run 'copiste plan'");
        return 0;
    }

    private void section(String title) {
        out.println();
        out.println(title);
        out.flush();
    }

    private static Connection connect(int port) {
        return Connector.of("127.0.0.1", port, "postgres", "postgres").open();
    }

    private void write(Connection writer, Connection listener, String sql) throws SQLException, InterruptedException {
        out.println("    SQL> " + sql);
        try (Statement st = writer.createStatement()) {
            st.execute(sql);
            for (SQLWarning w = st.getWarnings(); w != null; w = w.getNextWarning()) {
                out.println("      log    -> " + w.getMessage());
            }
        }
        if (writer.getAutoCommit()) {
            drain(listener);
        }
        out.flush();
    }

    private void drain(Connection listener) throws SQLException {
        PGNotification[] notes = listener.unwrap(PGConnection.class).getNotifications(500);
        if (notes != null) {
            for (PGNotification n : notes) {
                out.println("      notify -> " + n.getName() + " " + n.getParameter());
            }
        }
    }

    private static void run(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory; the OS cleans it eventually
        }
    }
}
