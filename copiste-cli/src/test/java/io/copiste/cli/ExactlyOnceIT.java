package io.copiste.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.copiste.function.Json;
import io.copiste.testkit.Await;
import io.copiste.testkit.PostgresExtension;
import io.copiste.testkit.PostgresServer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * jdbc.table is exactly once: kill -9 the daemon at random points while pgbench writes, restart it each time, and
 * compare every table of source and target by checksum over all rows. pgbench_history has no key: it is
 * replicated append-only, so any change applied twice would show as an extra row. Run with either capture mode;
 * with logical capture (no init), both databases start from the same {@code pgbench -i}.
 */
@Timeout(600)
class ExactlyOnceIT {
    @RegisterExtension
    static final PostgresExtension PG = new PostgresExtension();

    private static final Map<String, String> ORDER = Map.of("pgbench_accounts", "aid", "pgbench_branches", "bid",
            "pgbench_tellers", "tid", "pgbench_history", "tid, bid, aid, delta, mtime");

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"trigger", "logical"})
    void killingTheDaemonDuringPgbenchNeitherLosesNorRepeatsAChange(String capture) throws Exception {
        boolean logical = capture.equals("logical");
        PostgresServer s = PG.server();
        String source = s.createDatabase("bench_src");
        String target = s.createDatabase("bench_dst");
        pgbench(source, "-i", "-s", "1", "-q");
        if (logical) {
            pgbench(target, "-i", "-s", "1", "-q");
        }
        Path manifest = dir.resolve("copiste.yaml");
        StringBuilder yaml = new StringBuilder("""
                pipeline: exact
                capture: %s
                source: {host: %s, port: %d, database: %s, user: postgres}
                targets:
                  replica: {type: jdbc, url: 'jdbc:postgresql://%s:%d/%s', user: postgres}
                bindings:
                """.formatted(capture, s.host(), s.port(), source, s.host(), s.port(), target));
        for (String t : ORDER.keySet()) {
            yaml.append("  - {name: ").append(t).append(", table: ").append(t)
                    .append(", function: {type: jdbc.table, target: replica}}\n");
        }
        Files.writeString(manifest, yaml.toString());
        String f = manifest.toString();
        Cli install = logical ? Cli.run("install", "-f", f) : Cli.run("install", "--create-targets", "-f", f);
        assertThat(install.exit()).as(install.toString()).isZero();
        if (!logical) {
            Cli init = Cli.run("init", "-f", f, "--binding", "pgbench_accounts", "--binding", "pgbench_branches",
                    "--binding", "pgbench_tellers");
            assertThat(init.exit()).as(init.toString()).isZero();
        }

        Process bench = new ProcessBuilder(pgbenchCommand(source, "-c", "4", "-j", "2", "-T", "25"))
                .redirectErrorStream(true).redirectOutput(dir.resolve("pgbench.log").toFile()).start();
        Random random = new Random(11);
        int kills = 0;
        while (bench.isAlive()) {
            Process daemon = daemon(f);
            Thread.sleep(2000 + random.nextInt(3000));
            daemon.destroyForcibly().waitFor();
            kills++;
        }
        assertThat(bench.exitValue()).as(Files.readString(dir.resolve("pgbench.log"))).isZero();
        Process daemon = daemon(f);
        try {
            if (logical) {
                // no queue to count: wait until the target has caught up with everything pgbench wrote
                Await.until("the target caught up", Duration.ofSeconds(180), () -> checksum(target, "pgbench_history")
                        .equals(checksum(source, "pgbench_history")));
            } else {
                Await.until("the queue drained", Duration.ofSeconds(180), () -> {
                    JsonNode status = Json.parse(Cli.run("status", "--json", "-f", f).out());
                    return status.get("queued").asLong() == 0 && status.get("daemon").isObject();
                });
            }
        } finally {
            daemon.destroy();
            daemon.waitFor(30, TimeUnit.SECONDS);
        }
        assertThat(kills).isGreaterThanOrEqualTo(4);
        long history = count(source, "SELECT count(*) FROM pgbench_history");
        assertThat(history).as("pgbench wrote").isGreaterThan(500);
        for (String t : ORDER.keySet()) {
            assertThat(checksum(target, t)).as("checksum of %s", t).isEqualTo(checksum(source, t));
        }
        System.out.printf("%s: %d kills, %d history rows, all tables equal%n", capture, kills, history);
    }

    private static String checksum(String db, String table) {
        try {
            return text(db, "SELECT count(*) || ':' || md5(coalesce(string_agg(t::text, ',' ORDER BY "
                    + ORDER.get(table) + "), '')) FROM " + table + " t");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private Process daemon(String manifest) throws IOException {
        return new ProcessBuilder("java", "-jar", Path.of("target/copiste.jar").toAbsolutePath().toString(), "run",
                "-f", manifest, "--batch-size", "200", "--poll", "100ms").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("daemon.log").toFile())).start();
    }

    private static String[] pgbenchCommand(String db, String... args) {
        PostgresServer s = PG.server();
        String[] base = {"pgbench", "-h", s.host(), "-p", String.valueOf(s.port()), "-U", s.user()};
        String[] all = new String[base.length + args.length + 1];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(args, 0, all, base.length, args.length);
        all[all.length - 1] = db;
        return all;
    }

    private void pgbench(String db, String... args) throws Exception {
        Process p = new ProcessBuilder(pgbenchCommand(db, args)).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(output).isZero();
    }

    private static long count(String db, String sql) throws SQLException {
        return Long.parseLong(text(db, sql));
    }

    private static String text(String db, String sql) throws SQLException {
        try (Connection c = PG.server().connect(db); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
