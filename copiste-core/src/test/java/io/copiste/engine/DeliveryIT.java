package io.copiste.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.copiste.Copiste;
import io.copiste.CopisteException;
import io.copiste.ErrorCode;
import io.copiste.db.Connector;
import io.copiste.function.Json;
import io.copiste.manifest.Manifest;
import io.copiste.testkit.Await;
import io.copiste.testkit.PostgresExtension;
import io.copiste.testkit.PostgresServer;
import io.copiste.testkit.TcpProxy;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Failures on the way to the target: retries, park and the dead-letter table, stop, network cuts, HTTP outages. */
@Timeout(300)
class DeliveryIT {
    @RegisterExtension
    static final PostgresExtension PG = new PostgresExtension();

    private static final RunOptions FAST = RunOptions.DEFAULTS.withBatchSize(20).withPoll(Duration.ofMillis(50))
            .withRetry(Duration.ofMillis(50), Duration.ofMillis(400)).withStandbyPoll(Duration.ofMillis(200));

    private String db;
    @RegisterExtension
    final Daemons daemons = new Daemons();

    @BeforeEach
    void setUp() {
        db = PG.server().createDatabase("delivery");
        PG.server().execute(db, "CREATE TABLE counters (id int PRIMARY KEY, v int NOT NULL, bad boolean)",
                "INSERT INTO counters SELECT g, 0 FROM generate_series(1, 10) g", RecordingProvider.SCHEMA);
    }


    private Copiste copiste(String function, int port) {
        return copiste(function, port, "trigger");
    }

    private Copiste copiste(String function, int port, String capture) {
        Manifest m = Manifest.parse("""
                pipeline: del
                capture: %s
                bindings:
                  - name: counters
                    table: counters
                    %s
                """.formatted(capture, function), "test.yaml");
        PostgresServer s = PG.server();
        return Copiste.of(m, Connector.of(s.host(), port, db, s.user()));
    }

    private Copiste copiste(String function) {
        return copiste(function, PG.server().port());
    }

    @Test
    void parkSetsFailedChangesAsideWithLaterChangesOfTheSameRowAndRetryRedeliversThemInOrder() throws Exception {
        Copiste c = copiste("onError: park\n    function: {type: test.record}");
        c.install();
        daemons.start(c, FAST);
        sql("UPDATE counters SET bad = true, v = 1 WHERE id = 3");
        sql("UPDATE counters SET v = 2 WHERE id = 3");
        sql("UPDATE counters SET v = v + 1 WHERE id <> 3");
        Await.until("the other rows delivered", Duration.ofSeconds(20), () -> scalar("SELECT count(*) FROM delivered") == 9);
        assertThat(scalar("SELECT count(*) FROM copiste.dlq")).as("the bad change and the one behind it").isEqualTo(2);
        assertThat(c.status().parked()).isEqualTo(2);

        sql("UPDATE counters SET bad = false, v = 3 WHERE id = 3");
        Await.until("the fixing change parked too", Duration.ofSeconds(20),
                () -> scalar("SELECT count(*) FROM copiste.dlq") == 3);
        try (Connection conn = c.connector().open()) {
            DeadLetters dlq = c.deadLetters(conn);
            List<DeadLetters.Parked> parked = dlq.list();
            assertThat(parked.get(0).error()).contains("row is bad for the target");
            assertThat(parked.get(1).error()).contains("held behind an earlier parked change");
            assertThat(dlq.discard(List.of(parked.get(0).id()))).isEqualTo(1);
            sql("INSERT INTO lenient DEFAULT VALUES");   // the target is fixed
            assertThat(dlq.retry(List.of(parked.get(1).id()))).as("the row's remaining parked changes").isEqualTo(2);
        }
        Await.until("the row's changes redelivered", Duration.ofSeconds(20),
                () -> scalar("SELECT count(*) FROM delivered WHERE k = '{\"id\":3}'") == 2);
        assertThat(strings("SELECT row_json::json->>'v' FROM delivered WHERE k = '{\"id\":3}' ORDER BY seq"))
                .containsExactly("2", "3");
        assertThat(scalar("SELECT count(*) FROM copiste.dlq")).isZero();
    }

    @Test
    void stopPolicyEndsTheDaemonWithATargetErrorAndResumesThereAfterTheFix() throws Exception {
        Copiste c = copiste("function: {type: test.record}");
        c.install();
        sql("UPDATE counters SET v = 1 WHERE id = 1");
        sql("UPDATE counters SET bad = true WHERE id = 2");
        sql("UPDATE counters SET v = 1 WHERE id = 4");
        CompletableFuture<Void> run = daemons.start(c, FAST);
        Throwable failure = Await.value("the daemon to stop", Duration.ofSeconds(20),
                () -> run.isCompletedExceptionally() ? run.handle((v, t) -> t).join() : null);
        CopisteException e = (CopisteException) failure.getCause();
        assertThat(e.code()).isEqualTo(ErrorCode.TARGET_FAILED);
        assertThat(e.getMessage()).contains("binding 'counters': update of public.counters {\"id\":2}",
                "row is bad for the target", "delivery stopped at position");
        assertThat(scalar("SELECT count(*) FROM delivered")).as("the failed sub-batch was not recorded").isZero();

        sql("INSERT INTO lenient DEFAULT VALUES");   // the target now accepts the change
        daemons.start(c, FAST);
        Await.until("delivery resumed at the failed change", Duration.ofSeconds(20),
                () -> scalar("SELECT count(*) FROM delivered") == 3);
        assertThat(scalar("SELECT max(arrivals) FROM delivered")).isEqualTo(1);
    }

    @Test
    void targetOutagesAreRetriedAndNothingIsLost() throws Exception {
        Copiste c = copiste("function: {type: test.record}");
        c.install();
        sql("INSERT INTO outage DEFAULT VALUES");
        daemons.start(c, FAST);
        sql("UPDATE counters SET v = v + 1");
        Thread.sleep(1000);
        assertThat(scalar("SELECT count(*) FROM delivered")).isZero();
        sql("DELETE FROM outage");
        Await.until("delivery after the outage", Duration.ofSeconds(20),
                () -> scalar("SELECT count(*) FROM delivered") == 10);
    }

    @Test
    void aNetworkCutBetweenDaemonAndDatabaseLosesNothing() throws Exception {
        try (TcpProxy proxy = new TcpProxy(PG.server().host(), PG.server().port())) {
            Copiste c = copiste("function: {type: jsonl, path: /dev/null}", proxy.port());
            Copiste recorder = copiste("function: {type: test.record}", proxy.port());
            recorder.install();
            daemons.start(recorder, FAST);
            sql("UPDATE counters SET v = v + 1");
            Await.until("first changes", Duration.ofSeconds(20), () -> scalar("SELECT count(*) FROM delivered") == 10);
            proxy.cut();
            sql("UPDATE counters SET v = v + 1");
            Thread.sleep(2000);
            proxy.restore();
            sql("UPDATE counters SET v = v + 1");
            Await.until("changes made during and after the cut", Duration.ofSeconds(60),
                    () -> scalar("SELECT count(*) FROM delivered") == 30);
            assertThat(c.manifest().pipeline()).isEqualTo("del");
        }
    }

    @Test
    void aStandbyTakesOverWhenTheActiveDaemonGoes() throws Exception {
        Copiste c = copiste("function: {type: test.record}");
        c.install();
        Engine first = daemons.create(c, FAST);
        Engine second = daemons.create(c, FAST);
        CompletableFuture.runAsync(first::run);
        Await.until("the first daemon active", Duration.ofSeconds(10), () -> first.state() == Engine.State.ACTIVE);
        CompletableFuture.runAsync(second::run);
        Await.until("the second one waiting", Duration.ofSeconds(10), () -> second.state() == Engine.State.STANDBY);
        assertThat(c.status().daemon()).isNotNull();
        first.stopAndWait(Duration.ofSeconds(10));
        Await.until("the standby active", Duration.ofSeconds(10), () -> second.state() == Engine.State.ACTIVE);
        sql("UPDATE counters SET v = v + 1");
        Await.until("delivery by the new daemon", Duration.ofSeconds(20),
                () -> scalar("SELECT count(*) FROM delivered") == 10);
    }

    @ParameterizedTest
    @ValueSource(strings = {"trigger", "logical"})
    void webhookOutageOfThirtySecondsDelaysButLosesNothing(String capture) throws Exception {
        Map<String, JsonNode> received = new ConcurrentHashMap<>();
        List<String> order = new CopyOnWriteArrayList<>();
        AtomicInteger requests = new AtomicInteger();
        HttpServer server = webhook(0, received, order, requests);
        int port = server.getAddress().getPort();
        Copiste c = copiste("function: {type: webhook, url: 'http://127.0.0.1:" + port + "/hook', batch: 7,"
                + " auth: {bearer: '${env:PATH}'}, headers: {X-Test: yes}}", PG.server().port(), capture);
        c.install();
        daemons.start(c, FAST);
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < 40; i++) {
                sql("UPDATE counters SET v = v + 1 WHERE id = " + (1 + i % 10));
                pause(1000);
            }
        });
        Await.until("some deliveries", Duration.ofSeconds(20), () -> received.size() >= 5);
        server.stop(0);
        pause(30_000);
        server = webhook(port, received, order, requests);
        writer.get();
        Await.until("all 40 changes", Duration.ofSeconds(60), () -> received.size() == 40);
        server.stop(0);
        Map<Integer, List<Integer>> perRow = new LinkedHashMap<>();
        for (String id : order) {
            JsonNode n = received.get(id).get("new");
            perRow.computeIfAbsent(n.get("id").asInt(), k -> new ArrayList<>()).add(n.get("v").asInt());
        }
        perRow.values().forEach(vs -> assertThat(vs).containsExactly(1, 2, 3, 4));
    }

    private static HttpServer webhook(int port, Map<String, JsonNode> received, List<String> order,
                                      AtomicInteger requests) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.createContext("/hook", exchange -> {
            requests.incrementAndGet();
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            JsonNode body = Json.parse(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            int status = auth != null && auth.startsWith("Bearer ") && "yes".equals(exchange.getRequestHeaders()
                    .getFirst("X-Test")) && exchange.getRequestHeaders().getFirst("Idempotency-Key") != null ? 200 : 401;
            if (status == 200) {
                for (JsonNode change : body.get("changes")) {
                    if (received.putIfAbsent(change.get("id").asText(), change) == null) {
                        order.add(change.get("id").asText());
                    }
                }
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
        return server;
    }

    private void sql(String statement) {
        PG.server().execute(db, statement);
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private long scalar(String sql) {
        try (Connection c = PG.server().connect(db); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<String> strings(String sql) {
        List<String> out = new ArrayList<>();
        try (Connection c = PG.server().connect(db); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
