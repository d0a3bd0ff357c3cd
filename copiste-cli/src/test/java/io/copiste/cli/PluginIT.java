package io.copiste.cli;

import io.copiste.testkit.Await;
import io.copiste.testkit.PostgresExtension;
import io.copiste.testkit.PostgresServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The documented plugin example, built with its own script and dropped in a plugins folder, works end to end. */
@Timeout(180)
class PluginIT {
    @RegisterExtension
    static final PostgresExtension PG = new PostgresExtension();

    @TempDir
    Path dir;

    @Test
    void aPluginJarInThePluginsFolderProvidesAFunctionType() throws Exception {
        Path example = Path.of("../examples/audit-plugin").toAbsolutePath().normalize();
        Process build = new ProcessBuilder("sh", example.resolve("build.sh").toString(),
                Path.of("target/copiste.jar").toAbsolutePath().toString()).redirectErrorStream(true).start();
        String buildLog = new String(build.getInputStream().readAllBytes());
        assertThat(build.waitFor(120, TimeUnit.SECONDS) && build.exitValue() == 0).as(buildLog).isTrue();
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        Files.move(example.resolve("audit-plugin.jar"), plugins.resolve("audit-plugin.jar"));

        assertThat(Cli.run("functions", "--plugins", plugins.toString()).out()).contains("example.audit");

        PostgresServer s = PG.server();
        String db = s.createDatabase("plugin");
        s.execute(db, "CREATE TABLE people (id int PRIMARY KEY, login text)");
        Path audit = dir.resolve("audit.log");
        Path manifest = dir.resolve("copiste.yaml");
        Files.writeString(manifest, """
                pipeline: audited
                source: {host: %s, port: %d, database: %s, user: postgres}
                bindings:
                  - name: people
                    table: people
                    function: {type: example.audit, path: '%s'}
                """.formatted(s.host(), s.port(), db, audit));
        assertThat(Cli.run("validate", "-f", manifest.toString()).exit()).as("unknown without the plugins folder")
                .isEqualTo(3);
        Cli install = Cli.run("install", "-f", manifest.toString(), "--plugins", plugins.toString());
        assertThat(install.exit()).as(install.toString()).isZero();
        s.execute(db, "INSERT INTO people VALUES (1, 'ada')", "DELETE FROM people");
        Process daemon = new ProcessBuilder("java", "-jar", Path.of("target/copiste.jar").toAbsolutePath().toString(),
                "run", "-f", manifest.toString(), "--plugins", plugins.toString(), "--poll", "100ms")
                .redirectErrorStream(true).redirectOutput(dir.resolve("daemon.log").toFile()).start();
        try {
            Await.until("two audit lines", Duration.ofSeconds(60),
                    () -> Files.exists(audit) && lines(audit) == 2);
            assertThat(Files.readString(audit)).contains(" insert public.people {\"id\":1}", " delete public.people {\"id\":1}");
        } finally {
            daemon.destroy();
            assertThat(daemon.waitFor(30, TimeUnit.SECONDS)).as("SIGTERM stops the daemon gracefully").isTrue();
        }
        assertThat(Files.readString(dir.resolve("daemon.log"))).contains("stopping after the batch in hand");
    }

    private static long lines(Path file) {
        try {
            return Files.readAllLines(file).size();
        } catch (java.io.IOException e) {
            return 0;
        }
    }
}
