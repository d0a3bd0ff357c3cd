package io.copiste.function.builtin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.copiste.function.Change;
import io.copiste.function.ChangeJson;
import io.copiste.function.DeliveredFunction;
import io.copiste.function.Function;
import io.copiste.function.FunctionContext;
import io.copiste.function.FunctionDefinition;
import io.copiste.function.FunctionException;
import io.copiste.function.FunctionProvider;
import io.copiste.function.Json;
import io.copiste.manifest.Secret;
import io.copiste.manifest.Settings;
import io.copiste.sql.Sql;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code webhook}: POSTs changes as JSON batches to an HTTP endpoint, after commit.
 *
 * <pre>
 * function:
 *   type: webhook
 *   url: https://hooks.example.org/people
 *   headers: {X-Source: copiste, X-Api-Key: ${env:HOOK_KEY}}   # values may be secret references
 *   auth: {bearer: ${env:HOOK_TOKEN}}          # or {user: copiste, password: ${env:HOOK_PASSWORD}}
 *   batch: 100                                 # changes per request (default 100)
 *   timeout: 10s                               # per request (default 10s)
 * </pre>
 *
 * <p>Body: {@code {"pipeline", "binding", "changes": [...]}}, each change with its stable {@code id} (use it to
 * deduplicate: delivery is at least once); header {@code Idempotency-Key} is a hash of the request's change ids.
 * 2xx is success; 408, 425, 429, 5xx and connection failures are retried with backoff (the pipeline waits);
 * other 4xx are permanent, and the binding's {@code onError} decides.
 */
public final class WebhookProvider implements FunctionProvider {
    private static final Set<Integer> RETRYABLE = Set.of(408, 425, 429);

    @Override
    public String type() {
        return "webhook";
    }

    @Override
    public String summary() {
        return "POST changes as JSON batches to an HTTP endpoint (delivered after commit)";
    }

    @Override
    public FunctionDefinition define(Settings settings) {
        String url = settings.string("url");
        URI uri = null;
        if (url != null) {
            try {
                uri = URI.create(url);
                if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
                    settings.problem("url", "'url' must be an http:// or https:// address, not '" + url + "'", null);
                }
            } catch (IllegalArgumentException e) {
                settings.problem("url", "'url' is not a valid address: " + e.getMessage(), null);
            }
        }
        // a header value may be a secret reference (an API key): resolved when the function starts
        Map<String, Secret> headers = new LinkedHashMap<>();
        settings.stringMap("headers").forEach((name, value) -> headers.put(name, Secret.parse(value)));
        Settings auth = settings.section("auth");
        Secret bearer = auth.secret("bearer");
        String user = auth.string("user", null);
        Secret password = auth.secret("password");
        if (bearer != null && user != null) {
            settings.problem("auth", "'auth' takes either 'bearer' or 'user' and 'password', not both", null);
        }
        if ((user == null) != (password == null)) {
            settings.problem("auth", "'auth' needs both 'user' and 'password' for basic authentication", null);
        }
        int batch = settings.integer("batch", 100, 1, 100_000);
        Duration timeout = settings.duration("timeout", Duration.ofSeconds(10));
        return new Definition(uri, headers, bearer, user, password, batch, timeout);
    }

    private record Definition(URI uri, Map<String, Secret> headers, Secret bearer, String user, Secret password,
                              int batch, Duration timeout) implements DeliveredFunction {
        @Override
        public Function open(FunctionContext context) {
            String authorization = bearer != null ? "Bearer " + bearer.reveal()
                    : user != null ? "Basic " + Base64.getEncoder().encodeToString((user + ":" + password.reveal())
                    .getBytes(StandardCharsets.UTF_8)) : null;
            HttpClient client = HttpClient.newBuilder().connectTimeout(timeout).build();
            Map<String, String> resolved = new LinkedHashMap<>();
            headers.forEach((name, value) -> resolved.put(name, value.reveal()));
            return new Webhook(this, context, client, authorization, resolved);
        }
    }

    private static final class Webhook implements Function {
        private final Definition d;
        private final FunctionContext context;
        private final HttpClient client;
        private final String authorization;
        private final Map<String, String> headers;

        Webhook(Definition d, FunctionContext context, HttpClient client, String authorization,
                Map<String, String> headers) {
            this.d = d;
            this.context = context;
            this.client = client;
            this.authorization = authorization;
            this.headers = headers;
        }

        @Override
        public void apply(List<Change> changes) throws Exception {
            for (int i = 0; i < changes.size(); i += d.batch()) {
                post(changes.subList(i, Math.min(changes.size(), i + d.batch())));
            }
        }

        private void post(List<Change> changes) throws Exception {
            ObjectNode body = Json.MAPPER.createObjectNode();
            body.put("pipeline", context.pipeline());
            body.put("binding", context.binding());
            ArrayNode array = body.putArray("changes");
            StringBuilder ids = new StringBuilder();
            for (Change c : changes) {
                array.add(ChangeJson.of(c, context.key()));
                ids.append(c.id()).append('\n');
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(d.uri()).timeout(d.timeout())
                    .header("Content-Type", "application/json")
                    .header("Idempotency-Key", Sql.sha256Hex(ids.toString()))
                    .POST(HttpRequest.BodyPublishers.ofString(Json.MAPPER.writeValueAsString(body)));
            headers.forEach(request::header);
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            HttpResponse<String> response;
            try {
                response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw FunctionException.retryable(d.uri() + " did not answer: " + e, e);
            }
            int status = response.statusCode();
            if (status / 100 == 2) {
                return;
            }
            String what = d.uri() + " answered HTTP " + status + snippet(response.body());
            if (status >= 500 || RETRYABLE.contains(status)) {
                throw FunctionException.retryable(what, null);
            }
            throw new FunctionException(what, false, changes.size() == 1 ? changes.get(0) : null, null);
        }

        private static String snippet(String body) {
            if (body == null || body.isBlank()) {
                return "";
            }
            String one = body.strip().replaceAll("\\s+", " ");
            return ": " + (one.length() > 200 ? one.substring(0, 200) + "…" : one);
        }
    }
}
