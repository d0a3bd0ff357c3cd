package io.copiste.cli;

import io.copiste.Copiste;
import io.copiste.db.Connector;
import io.copiste.engine.Engine;
import io.copiste.engine.RunOptions;
import io.copiste.init.InitOptions;
import io.copiste.init.InitProgress;
import io.copiste.install.Plan;
import io.copiste.manifest.Manifest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
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
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

@Command(mixinStandardHelpOptions = true, name = "demo", sortOptions = false,
        header = "See copiste work on a throw-away PostgreSQL and LDAP directory: nothing to install.",
        description = {"Starts an embedded PostgreSQL server and an in-memory LDAP directory in a temporary directory, "
                + "installs a small manifest (people and groups kept in step with the directory, and a log line per "
                + "change), replays the rows that were already there (init), runs the delivery daemon and writes "
                + "rows: you see each LDAP operation as copiste applies it. Then it changes the manifest and shows "
                + "the plan, uninstalls, and stops both servers.",
                "With --keep both servers stay up (the daemon running) until Ctrl-C, for you to explore with psql "
                        + "and ldapsearch."})
final class DemoCommand implements Callable<Integer> {
    static final String MANIFEST = """
            # copiste demo: people and groups kept in step with an LDAP directory
            pipeline: demo
            source:
              host: 127.0.0.1
              port: %d
              database: postgres
              user: postgres
            targets:
              directory:
                type: ldap
                url: %s
                bindDn: %s
                password: ${file:%s}     # a secret by reference, never in the manifest or the database
            bindings:
              - name: people-log         # runs inside the writing transaction
                table: people
                function:
                  type: log
                  level: notice
                  message: "person {login} {op}"
              - name: people             # delivered after commit by copiste run
                table: people
                function:
                  type: ldap.entry
                  target: directory
                  base: ou=people,dc=example,dc=org
                  dn: uid={login},ou=people,dc=example,dc=org
                  objectClasses: [inetOrgPerson]
                  attributes: {cn: name, sn: surname, mail: email}
              - name: groups
                table: groups
                function:
                  type: ldap.entry
                  target: directory
                  base: ou=groups,dc=example,dc=org
                  dn: cn={name},ou=groups,dc=example,dc=org
                  objectClasses: [groupOfNames]
                  constants: {member: "cn=nobody,dc=example,dc=org"}
              - name: members
                table: members
                function:
                  type: ldap.members
                  target: directory
                  join: SELECT p.login, g.name FROM people p, groups g WHERE p.id = {person} AND g.id = {grp}
                  group: cn={name},ou=groups,dc=example,dc=org
                  member: uid={login},ou=people,dc=example,dc=org
                  placeholder: cn=nobody,dc=example,dc=org
            """;

    @Spec
    CommandSpec spec;

    @Option(names = "--keep", description = "Leave both servers running (pipeline installed, daemon delivering) until "
            + "Ctrl-C.")
    boolean keep;

    private PrintWriter out;

    @Override
    public Integer call() throws Exception {
        out = spec.commandLine().getOut();
        Path dir = Files.createTempDirectory("copiste-demo-");
        out.println("copiste demo: starting an embedded PostgreSQL and an in-memory LDAP directory in " + dir + " ...");
        out.flush();
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder()
                .setDataDirectory(dir.resolve("data"))
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setOutputRedirector(Redirect.appendTo(dir.resolve("postgres.log").toFile()))
                .setErrorRedirector(Redirect.appendTo(dir.resolve("postgres.log").toFile()))
                .start();
             DemoDirectory ldap = DemoDirectory.start(out)) {
            int port = pg.getPort();
            try (Connection c = connect(port); Statement st = c.createStatement()) {
                st.execute("""
                        CREATE TABLE people (id serial PRIMARY KEY, login text UNIQUE NOT NULL, name text NOT NULL,
                            surname text NOT NULL, email text);
                        CREATE TABLE groups (id serial PRIMARY KEY, name text UNIQUE NOT NULL);
                        CREATE TABLE members (person int REFERENCES people, grp int REFERENCES groups,
                            PRIMARY KEY (person, grp));
                        INSERT INTO people (login, name, surname, email)
                            VALUES ('ada', 'Ada Lovelace', 'Lovelace', 'ada@example.org')""");
                out.println("PostgreSQL " + c.getMetaData().getDatabaseProductVersion() + " on 127.0.0.1:" + port
                        + ": tables people, groups, members; one person already there (ada)");
            }
            out.println("LDAP directory on " + ldap.url() + ": dc=example,dc=org with ou=people and ou=groups, empty");
            out.flush();
            Path secret = dir.resolve("ldap.secret");
            Files.writeString(secret, DemoDirectory.PASSWORD + "\n");
            Path manifestFile = dir.resolve("copiste.yaml");
            String manifest = MANIFEST.formatted(port, ldap.url(), DemoDirectory.ADMIN, secret);
            Files.writeString(manifestFile, manifest);
            section("1. the manifest (" + manifestFile + ")");
            out.print(manifest.indent(4));

            Copiste copiste = Copiste.of(Manifest.load(manifestFile));
            section("2. copiste plan: what install would do");
            Plan plan = copiste.plan();
            Render.planSummary(out, plan);
            out.println("    (" + plan.statements().size() + " SQL statements; 'copiste plan' prints them)");

            section("3. copiste install: triggers and generated PL/pgSQL in schema copiste, a change queue");
            copiste.install();

            section("4. copiste init: the rows that were there before install");
            var init = copiste.init(InitOptions.DEFAULTS, InitProgress.NONE);
            out.flush();
            out.println("    " + init.rows() + " rows sent as snapshot changes");

            section("5. copiste run delivers each committed change; the LDAP operations it makes");
            Engine engine = copiste.engine(RunOptions.DEFAULTS.withPoll(Duration.ofMillis(200)), new SimpleMeterRegistry());
            Thread daemon = new Thread(engine::run, "copiste-run");
            daemon.start();
            try (Connection writer = connect(port)) {
                write(copiste, writer, "INSERT INTO people (login, name, surname, email) VALUES"
                        + " ('grace', 'Grace Hopper', 'Hopper', 'grace@example.org')");
                write(copiste, writer, "INSERT INTO groups (name) VALUES ('engineers')");
                write(copiste, writer, "INSERT INTO members SELECT p.id, g.id FROM people p, groups g");
                write(copiste, writer, "UPDATE people SET email = 'amiral@example.org' WHERE login = 'grace'");
                out.println("    -- a new login changes the DN: the entry is renamed, not left behind");
                write(copiste, writer, "UPDATE people SET login = 'ghopper' WHERE login = 'grace'");
                out.println("    -- an aborted transaction: the log line fired inside it, nothing reaches the"
                        + " directory");
                writer.setAutoCommit(false);
                write(copiste, writer, "INSERT INTO people (login, name, surname) VALUES ('ghost', 'Ghost', 'G')");
                writer.rollback();
                writer.setAutoCommit(true);
                out.println("    SQL> ROLLBACK");
                write(copiste, writer, "DELETE FROM members WHERE person = (SELECT id FROM people WHERE login = 'ada')");
                write(copiste, writer, "DELETE FROM people WHERE login = 'ada'");
            }
            section("6. the directory now (the group's member followed the rename: the directory's referential"
                    + " integrity, as OpenLDAP's refint overlay does)");
            ldap.print(out);

            section("7. change the manifest: log only people with an email, and install again");
            manifest = manifest.replace("      message: \"person {login} {op}\"",
                    "      message: \"person {login} {op}\"\n    when: NEW.email IS NOT NULL");
            Files.writeString(manifestFile, manifest);
            out.println("    + when: NEW.email IS NOT NULL   (on binding people-log)");
            copiste = Copiste.of(Manifest.load(manifestFile));
            Render.planSummary(out, copiste.plan());
            copiste.install();
            out.println("    installed: only the changed binding was replaced, in one transaction");

            if (keep) {
                out.println();
                out.println("both servers stay up and copiste run keeps delivering; explore with:");
                out.println("    psql -h 127.0.0.1 -p " + port + " -U postgres postgres");
                out.println("    ldapsearch -x -H " + ldap.url() + " -b dc=example,dc=org");
                out.println("    copiste -f " + manifestFile + " status");
                out.println("press Ctrl-C to stop");
                out.flush();
                new CountDownLatch(1).await();
            }
            engine.stopAndWait(Duration.ofSeconds(30));
            daemon.join();
            section("8. copiste uninstall");
            Plan removed = copiste.uninstall();
            out.println("    removed " + removed.steps().size() + " bindings, the queue and copiste's schema: the"
                    + " database is as it was");
        } finally {
            deleteQuietly(dir);
        }
        out.println();
        out.println("next: write your own copiste.yaml (docs/manifest.md, docs/ldap.md) and run 'copiste plan'");
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

    /** Runs one statement, shows what the in-database log function said, and waits until copiste run delivered it. */
    private void write(Copiste copiste, Connection writer, String sql) throws SQLException, InterruptedException {
        out.println("    SQL> " + sql);
        out.flush();
        try (Statement st = writer.createStatement()) {
            st.execute(sql);
            for (SQLWarning w = st.getWarnings(); w != null; w = w.getNextWarning()) {
                out.println("      log  : " + w.getMessage());
            }
        }
        out.flush();
        if (writer.getAutoCommit()) {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (copiste.status().queued() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
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
