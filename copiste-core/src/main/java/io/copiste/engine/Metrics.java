package io.copiste.engine;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The daemon's meters (Micrometer), named for Prometheus as {@code copiste_events_delivered_total},
 * {@code copiste_lag_seconds}, etc. See docs/operations.md. Thread-safe.
 */
final class Metrics {
    private final MeterRegistry registry;
    private final String pipeline;
    private final AtomicLong lagMillis = new AtomicLong();
    private final AtomicLong active = new AtomicLong();
    private final AtomicLong parked = new AtomicLong();
    private final Timer batch;

    Metrics(MeterRegistry registry, String pipeline) {
        this.registry = registry;
        this.pipeline = pipeline;
        registry.gauge("copiste.lag.seconds", java.util.List.of(io.micrometer.core.instrument.Tag.of("pipeline", pipeline)),
                lagMillis, v -> v.get() / 1000.0);
        registry.gauge("copiste.active", java.util.List.of(io.micrometer.core.instrument.Tag.of("pipeline", pipeline)),
                active, AtomicLong::get);
        registry.gauge("copiste.dlq.size", java.util.List.of(io.micrometer.core.instrument.Tag.of("pipeline", pipeline)),
                parked, AtomicLong::get);
        batch = Timer.builder("copiste.batch.duration").description("time to apply and flush one sub-batch")
                .tag("pipeline", pipeline).publishPercentiles(0.5, 0.99).register(registry);
    }

    void delivered(String binding, int n) {
        counter("copiste.events.delivered", binding).increment(n);
    }

    void retried(String binding) {
        counter("copiste.retries", binding).increment();
    }

    void failed(String binding, boolean retryable) {
        Counter.builder("copiste.errors").tag("pipeline", pipeline).tag("binding", binding)
                .tag("kind", retryable ? "retryable" : "permanent").register(registry).increment();
    }

    void parked(String binding) {
        counter("copiste.events.parked", binding).increment();
        parked.incrementAndGet();
    }

    void dlqSize(long n) {
        parked.set(n);
    }

    void batch(Duration d) {
        batch.record(d);
    }

    /** The age of the last delivered change, or 0 when caught up. */
    void lag(Instant changeTime) {
        lagMillis.set(changeTime == null ? 0 : Math.max(0, Duration.between(changeTime, Instant.now()).toMillis()));
    }

    void active(boolean on) {
        active.set(on ? 1 : 0);
    }

    private Counter counter(String name, String binding) {
        return Counter.builder(name).tag("pipeline", pipeline).tag("binding", binding).register(registry);
    }
}
