package io.copiste.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.copiste.function.Json;
import io.copiste.function.Position;
import io.copiste.testkit.Await;
import io.copiste.testkit.PostgresExtension;
import io.copiste.testkit.PostgresServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * kill -9 the daemon process at random points while 100,000 changes stream in, restart it each time, and check
 * that every change was delivered, none out of per-row order, and the target ends equal to the source.
 */
@Timeout(600)
class CrashRecoveryIT {
    @RegisterExtension
    static final PostgresExtension PG = new PostgresExtension();

    @TempDir
    Path dir;

    @Test
    void killingTheDaemonAtRandomPointsLosesNothingAndKeepsRowOrder() throws Exception {
        PostgresServer s = PG.server();
        String db = s.createDatabase("crash");
        s.execute(db, "CREATE TABLE items (id int PRIMARY KEY, v int NOT NULL)");
        Path out = dir.resolve("items.jsonl");
        Path manifest = dir.resolve("copiste.yaml");
        Files.writeString(manifest, """
                pipeline: crash
                source: {host: %s, port: %d, database: %s, user: postgres}
                bindings:
                  - name: items
                    table: items
                    function: {type: jsonl, path: '%s'}
                """.formatted(s.host(), s.port(), db, out));
        assertThat(Cli.run("install", "-f", manifest.toString()).exit()).isZero();

        CompletableFuture<Integer> writes = CompletableFuture.supplyAsync(() -> write(db, 100_000));
        Random random = new Random(42);
        int kills = 0;
        while (!writes.isDone() || kills < 3) {
            Process daemon = daemon(manifest);
            Thread.sleep(1500 + random.nextInt(2500));
            daemon.destroyForcibly().waitFor();
            kills++;
        }
        assertThat(writes.get()).isGreaterThanOrEqualTo(100_000);
        Process daemon = daemon(manifest);
        try {
            Await.until("the queue drained", Duration.ofSeconds(180), () -> {
                Cli status = Cli.run("status", "--json", "-f", manifest.toString());
                return Json.parse(status.out()).get("queued").asLong() == 0 && lines(out).size() > 0;
            });
        } finally {
            daemon.destroy();
            daemon.waitFor();
        }

        Map<Integer, Integer> target = new TreeMap<>();
        Set<String> seen = new HashSet<>();
        Map<Integer, Position> lastPerRow = new HashMap<>();
        int redelivered = 0;
        for (JsonNode line : lines(out)) {
            String id = line.get("id").asText();
            JsonNode row = line.has("new") ? line.get("new") : line.get("old");
            int key = row.get("id").asInt();
            if (!seen.add(id)) {
                redelivered++;
            } else {
                Position p = Position.parse(line.get("position").asText());
                Position previous = lastPerRow.put(key, p);
                assertThat(previous == null || p.compareTo(previous) > 0)
                        .as("row %d: change %s at %s delivered after %s", key, id, p, previous).isTrue();
            }
            if (line.get("op").asText().equals("delete")) {
                target.remove(key);
            } else {
                target.put(key, row.get("v").asInt());
            }
        }
        assertThat(target).as("the target rebuilt from the deliveries equals the source").isEqualTo(source(db));
        assertThat(seen.size()).as("every captured change delivered").isEqualTo(writes.get());
        System.out.printf("%d kills, %d changes, %d redelivered after kills%n", kills, seen.size(), redelivered);
    }

    private Process daemon(Path manifest) throws IOException {
        return new ProcessBuilder("java", "-Xmx256m", "-jar", Path.of("target/copiste.jar").toAbsolutePath().toString(),
                "run", "-f", manifest.toString(), "--batch-size", "500", "--poll", "100ms")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("daemon.log")
                        .toFile())).start();
    }

    /** Writes at least {@code changes} changes (inserts, updates, deletes) in transactions of 1 to 20 statements. */
    private static int write(String db, int changes) {
        Random random = new Random(7);
        int made = 0;
        try (Connection c = PG.server().connect(db); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            while (made < changes) {
                int statements = 1 + random.nextInt(20);
                for (int i = 0; i < statements; i++) {
                    int id = random.nextInt(2000);
                    made += switch (random.nextInt(3)) {
                        case 0 -> st.executeUpdate("INSERT INTO items VALUES (" + id + ", 0) ON CONFLICT (id) DO NOTHING");
                        case 1 -> st.executeUpdate("UPDATE items SET v = v + 1 WHERE id = " + id);
                        default -> st.executeUpdate("DELETE FROM items WHERE id = " + id);
                    };
                }
                c.commit();
            }
            return made;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<Integer, Integer> source(String db) throws SQLException {
        Map<Integer, Integer> rows = new TreeMap<>();
        try (Connection c = PG.server().connect(db); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT id, v FROM items")) {
            while (rs.next()) {
                rows.put(rs.getInt(1), rs.getInt(2));
            }
        }
        return rows;
    }

    /** Every complete line (a line cut short by a kill stands alone and is skipped). */
    private static List<JsonNode> lines(Path file) {
        try {
            if (!Files.exists(file)) {
                return List.of();
            }
            return Files.readAllLines(file).stream().filter(l -> l.endsWith("}")).map(l -> {
                try {
                    return Json.parse(l);
                } catch (UncheckedIOException e) {
                    return null;
                }
            }).filter(n -> n != null).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
