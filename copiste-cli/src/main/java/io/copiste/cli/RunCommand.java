package io.copiste.cli;

import com.sun.net.httpserver.HttpServer;
import io.copiste.Copiste;
import io.copiste.CopisteException;
import io.copiste.ErrorCode;
import io.copiste.engine.Engine;
import io.copiste.engine.RunOptions;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Callable;

@Command(mixinStandardHelpOptions = true, name = "run", sortOptions = false,
        header = "Deliver committed changes to the functions, as they happen, until stopped.",
        description = "Runs the daemon for the manifest's pipeline: reads the changes the triggers queued, in commit order, and delivers them to each binding's function. One daemon per pipeline is active; start a second one elsewhere and it waits as a hot standby. Ctrl-C or SIGTERM stop it after the batch in hand. Failures of a target are retried with backoff; see 'onError' in docs/manifest.md.")
final class RunCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

    @Mixin
    ManifestOption manifest;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "10000",
            description = "Most changes per sub-batch (fewer when they hold over 8 MB of row data, or when no more are"
                    + " waiting); functions flush and progress is recorded after each (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--poll", paramLabel = "DURATION", defaultValue = "1s", converter = Durations.class,
            description = "Longest wait for changes when no notification arrives (default: ${DEFAULT-VALUE}).")
    Duration poll;

    @Option(names = "--rotate", paramLabel = "DURATION", defaultValue = "60s", converter = Durations.class,
            description = "How often the queue switches partitions so the drained one is truncated (default: ${DEFAULT-VALUE}).")
    Duration rotate;

    @Option(names = "--metrics-port", paramLabel = "PORT",
            description = "Serve Prometheus metrics on http://0.0.0.0:PORT/metrics.")
    Integer metricsPort;

    @Override
    public Integer call() throws Exception {
        Copiste copiste = manifest.copiste();
        MeterRegistry registry;
        HttpServer server = null;
        if (metricsPort != null) {
            PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            new JvmMemoryMetrics().bindTo(prometheus);
            server = serve(prometheus, metricsPort);
            registry = prometheus;
        } else {
            registry = new SimpleMeterRegistry();
        }
        RunOptions options = RunOptions.DEFAULTS.withBatchSize(batchSize).withPoll(poll).withRotateInterval(rotate);
        Engine engine = copiste.engine(options, registry);
        Thread hook = new Thread(() -> {
            LOG.info("stopping after the batch in hand…");
            try {
                engine.stopAndWait(Duration.ofSeconds(60));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "copiste-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        LOG.info("copiste run: pipeline '{}' from {}", copiste.manifest().pipeline(), copiste.connector().describe());
        try {
            engine.run();
        } finally {
            if (server != null) {
                server.stop(0);
            }
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // stopped by a signal: the hook is running
        }
        LOG.info("copiste run: stopped");
        return 0;
    }

    private static HttpServer serve(PrometheusMeterRegistry registry, int port) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
            server.createContext("/metrics", exchange -> {
                byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            server.setExecutor(null);
            server.start();
            return server;
        } catch (IOException e) {
            throw new CopisteException(ErrorCode.USAGE, "cannot serve metrics on port " + port + ": " + e.getMessage(),
                    "choose a free port with --metrics-port");
        }
    }
}
