package io.copiste.bench;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a benchmark function saw: how many changes, when the first and the last arrived ({@link System#nanoTime()}),
 * and optionally the arrival time of each change by the value of its {@code id} column (for latency).
 *
 * <p>Probes are found by name in a process-wide registry, because the function is created by copiste from a
 * manifest and the benchmark must read what it saw; benchmarks only, never in tests. Thread-safe.
 */
final class Probe {
    private static final Map<String, Probe> PROBES = new ConcurrentHashMap<>();

    private final AtomicLong count = new AtomicLong();
    private volatile long first;
    private volatile long last;
    private final Map<Long, Long> arrivals = new ConcurrentHashMap<>();
    private volatile boolean recordArrivals;

    static Probe named(String name) {
        return PROBES.computeIfAbsent(name, n -> new Probe());
    }

    /** Forgets everything seen so far. */
    Probe reset(boolean withArrivals) {
        count.set(0);
        first = 0;
        last = 0;
        arrivals.clear();
        recordArrivals = withArrivals;
        return this;
    }

    void saw(int changes) {
        long now = System.nanoTime();
        if (count.getAndAdd(changes) == 0) {
            first = now;
        }
        last = now;
    }

    boolean recordsArrivals() {
        return recordArrivals;
    }

    void arrived(long id, long nanos) {
        arrivals.putIfAbsent(id, nanos);
    }

    long count() {
        return count.get();
    }

    long first() {
        return first;
    }

    long last() {
        return last;
    }

    Map<Long, Long> arrivals() {
        return arrivals;
    }

    /** Waits until the probe has seen {@code n} changes; false on timeout. */
    boolean await(long n, long timeoutMillis) throws InterruptedException {
        long end = System.currentTimeMillis() + timeoutMillis;
        while (count.get() < n) {
            if (System.currentTimeMillis() > end) {
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }
}
