package io.copiste.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.copiste.Copiste;
import io.copiste.engine.Engine;
import io.copiste.engine.RunOptions;
import io.copiste.function.Json;
import io.copiste.manifest.Manifest;
import io.copiste.testkit.Await;
import io.copiste.testkit.PostgresExtension;
import io.copiste.testkit.PostgresServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
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
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code copiste dlq list|retry|discard} on changes a target refused, parked by {@code onError: park}. */
@Timeout(180)
class DlqCliIT {
    @RegisterExtension
    static final PostgresExtension PG = new PostgresExtension();

    @TempDir
    Path dir;

    @Test
    void parkedChangesAreListedRetriedInTheirRowsOrderAndDiscarded() throws Exception {
        PostgresServer s = PG.server();
        String source = s.createDatabase("dlq");
        String target = s.createDatabase("dlq_target");
        s.execute(source, "CREATE TABLE items (id int PRIMARY KEY, qty int)");
        s.execute(target, "CREATE TABLE items (id int PRIMARY KEY, qty int CONSTRAINT positive CHECK (qty >= 0))");
        Path manifest = dir.resolve("copiste.yaml");
        Files.writeString(manifest, """
                pipeline: parking
                source: {host: %s, port: %d, database: %s, user: postgres}
                targets:
                  replica: {type: jdbc, url: 'jdbc:postgresql://%s:%d/%s', user: postgres}
                bindings:
                  - name: items
                    table: items
                    onError: park
                    function: {type: jdbc.table, target: replica}
                """.formatted(s.host(), s.port(), source, s.host(), s.port(), target));
        String f = manifest.toString();
        assertThat(Cli.run("install", "-f", f).exit()).isZero();
        Engine engine = Copiste.of(Manifest.load(manifest)).engine(RunOptions.DEFAULTS.withPoll(Duration.ofMillis(50))
                .withRetry(Duration.ofMillis(50), Duration.ofMillis(200)), new SimpleMeterRegistry());
        CompletableFuture<Void> running = CompletableFuture.runAsync(engine::run);
        try {
            s.execute(source, "INSERT INTO items VALUES (1, 5)", "INSERT INTO items VALUES (2, -1)",
                    "UPDATE items SET qty = -2 WHERE id = 2", "INSERT INTO items VALUES (3, 7)");
            Await.until("the good rows on the target", Duration.ofSeconds(30),
                    () -> scalar(target, "SELECT count(*) FROM items") == 2);

            Cli list = Cli.run("dlq", "list", "--json", "-f", f);
            assertThat(list.exit()).as(list.toString()).isZero();
            JsonNode parked = Json.parse(list.out());
            assertThat(parked).as("the refused insert and the update held behind it").hasSize(2);
            assertThat(parked.get(0).get("error").asText()).contains("positive");
            assertThat(parked.get(1).get("error").asText()).contains("held behind an earlier parked change");
            assertThat(parked.get(0).get("key").asText()).isEqualTo("{\"id\":2}");
            assertThat(Cli.run("dlq", "list", "-f", f).out()).contains("items insert", "{\"id\":2}");

            s.execute(target, "ALTER TABLE items DROP CONSTRAINT positive");
            Cli retry = Cli.run("dlq", "retry", "--id", parked.get(0).get("id").asText(), "-f", f);
            assertThat(retry.exit()).as(retry.toString()).isZero();
            assertThat(retry.out()).contains("2 parked changes queued again");
            Await.until("the row's changes applied in order", Duration.ofSeconds(30),
                    () -> scalar(target, "SELECT coalesce(sum(qty), 99) FROM items WHERE id = 2") == -2);
            assertThat(Cli.run("dlq", "list", "-f", f).out()).contains("no parked changes");

            s.execute(target, "ALTER TABLE items ADD CONSTRAINT positive CHECK (qty >= 0) NOT VALID");
            s.execute(source, "UPDATE items SET qty = -5 WHERE id = 3");
            Await.until("the new refusal parked", Duration.ofSeconds(30),
                    () -> Json.parse(Cli.run("dlq", "list", "--json", "-f", f).out()).size() == 1);
            Cli discard = Cli.run("dlq", "discard", "--all", "-f", f);
            assertThat(discard.out()).as(discard.toString()).contains("1 parked changes discarded");
            assertThat(Cli.run("dlq", "list", "-f", f).out()).contains("no parked changes");
            assertThat(scalar(target, "SELECT qty FROM items WHERE id = 3")).as("the discarded change never applied")
                    .isEqualTo(7);
        } finally {
            engine.stopAndWait(Duration.ofSeconds(30));
            running.join();
        }
    }

    private static long scalar(String db, String sql) {
        try (Connection c = PG.server().connect(db); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
