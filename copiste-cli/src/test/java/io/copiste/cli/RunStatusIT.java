package io.copiste.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.copiste.function.Json;
import io.copiste.testkit.Await;
import io.copiste.testkit.PostgresExtension;
import io.copiste.testkit.PostgresServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** copiste run as a process, with its metrics endpoint; copiste status and its exit codes. */
@Timeout(180)
class RunStatusIT {
    @RegisterExtension
    static final PostgresExtension PG = new PostgresExtension();

    @TempDir
    Path dir;

    @Test
    void statusTellsInstalledDeliveredAndHealthyAndRunExposesMetrics() throws Exception {
        PostgresServer s = PG.server();
        String db = s.createDatabase("status");
        s.execute(db, "CREATE TABLE people (id int PRIMARY KEY, login text)");
        Path manifest = dir.resolve("copiste.yaml");
        String yaml = """
                pipeline: watched
                source: {host: %s, port: %d, database: %s, user: postgres}
                bindings:
                  - name: people
                    table: people
                    function: {type: jsonl, path: '%s'}
                """.formatted(s.host(), s.port(), db, dir.resolve("out.jsonl"));
        Files.writeString(manifest, yaml);
        String f = manifest.toString();
        assertThat(Cli.run("status", "-f", f).exit()).as("not installed").isEqualTo(6);
        assertThat(Cli.run("install", "-f", f).exit()).isZero();
        s.execute(db, "INSERT INTO people VALUES (1, 'ada')", "INSERT INTO people VALUES (2, 'bob')");

        Cli idle = Cli.run("status", "-f", f);
        assertThat(idle.exit()).as(idle.toString()).isEqualTo(8);
        assertThat(idle.out()).contains("daemon: none running", "queued: 2 changes");

        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Process daemon = new ProcessBuilder("java", "-jar", Path.of("target/copiste.jar").toAbsolutePath().toString(),
                "run", "-f", f, "--poll", "100ms", "--metrics-port", String.valueOf(port))
                .redirectErrorStream(true).redirectOutput(dir.resolve("daemon.log").toFile()).start();
        try {
            Await.until("a healthy status with nothing queued", Duration.ofSeconds(60), () -> {
                Cli r = Cli.run("status", "--json", "-f", f);
                return r.exit() == 0 && Json.parse(r.out()).get("queued").asLong() == 0;
            });
            JsonNode json = Json.parse(Cli.run("status", "--json", "-f", f).out());
            assertThat(json.get("healthy").asBoolean()).isTrue();
            assertThat(json.get("queued").asLong()).isZero();
            assertThat(json.get("daemon").get("from").asText()).contains("copiste run");
            assertThat(json.get("bindings").get(0).get("state").asText()).isEqualTo("installed");

            String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
            assertThat(metrics).contains("copiste_events_delivered_total{binding=\"people\",pipeline=\"watched\"} 2.0",
                    "copiste_lag_seconds", "copiste_active{pipeline=\"watched\"} 1.0");

            Files.writeString(manifest, yaml.replace("type: jsonl", "type: jsonl, fsync: true"));
            Cli drift = Cli.run("status", "-f", f);
            assertThat(drift.exit()).isEqualTo(6);
            assertThat(drift.out()).contains("people", "changed");
        } finally {
            daemon.destroy();
            daemon.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
