package io.copiste.ldap;

import io.copiste.Copiste;
import io.copiste.engine.Engine;
import io.copiste.engine.RunOptions;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/** Runs {@code copiste run} engines in-process for a test and stops them after it (like core's Daemons). */
public final class Engines implements AfterEachCallback {
    private final List<Engine> engines = new CopyOnWriteArrayList<>();

    /** Starts an engine on its own thread; the future completes when it stops (exceptionally on a fatal error). */
    public CompletableFuture<Void> start(Copiste copiste, RunOptions options) {
        Engine e = copiste.engine(options, new SimpleMeterRegistry());
        engines.add(e);
        return CompletableFuture.runAsync(e::run);
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        for (Engine e : engines) {
            e.stopAndWait(Duration.ofSeconds(30));
        }
        engines.clear();
    }
}
