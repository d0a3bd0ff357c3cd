package io.copiste.engine;

import io.copiste.Copiste;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Runs {@code copiste run} engines in-process for a test and stops them all after each test.
 *
 * <pre>{@code @RegisterExtension final Daemons daemons = new Daemons();}</pre>
 */
public final class Daemons implements AfterEachCallback {
    private final List<Engine> engines = new CopyOnWriteArrayList<>();

    /** An engine not yet started (for tests that start it themselves); stopped after the test. */
    public Engine create(Copiste copiste, RunOptions options) {
        Engine e = copiste.engine(options, new SimpleMeterRegistry());
        engines.add(e);
        return e;
    }

    /** Starts an engine on its own thread; the future completes when it stops (exceptionally on a fatal error). */
    public CompletableFuture<Void> start(Copiste copiste, RunOptions options) {
        return CompletableFuture.runAsync(create(copiste, options)::run);
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        for (Engine e : engines) {
            e.stopAndWait(Duration.ofSeconds(30));
        }
        engines.clear();
    }
}
