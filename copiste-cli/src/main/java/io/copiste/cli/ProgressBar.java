package io.copiste.cli;

import io.copiste.init.InitProgress;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Shows init's progress: on a terminal, one bar per table redrawn in place (rows done of the estimate, rate, ETA);
 * otherwise a plain line per table every few seconds, for logs. Thread-safe.
 */
final class ProgressBar implements InitProgress, AutoCloseable {
    private final PrintWriter out;
    private final boolean terminal;
    private final Map<String, Table> tables = new LinkedHashMap<>();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "copiste-progress");
        t.setDaemon(true);
        return t;
    });
    private int drawn;

    private static final class Table {
        final String name;
        final long estimate;
        final long start = System.nanoTime();
        final AtomicLong done = new AtomicLong();
        volatile boolean finished;

        Table(String name, long estimate) {
            this.name = name;
            this.estimate = estimate;
        }
    }

    ProgressBar(PrintWriter out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
        ticker.scheduleAtFixedRate(this::draw, terminal ? 250 : 5000, terminal ? 250 : 5000, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void started(String binding, String table, long estimatedRows, int chunks) {
        tables.put(binding, new Table(binding + " (" + table + ")", estimatedRows));
    }

    @Override
    public void rows(String binding, long more) {
        Table t;
        synchronized (this) {
            t = tables.get(binding);
        }
        if (t != null) {
            t.done.addAndGet(more);
        }
    }

    @Override
    public synchronized void finished(String binding, long rows) {
        Table t = tables.get(binding);
        if (t != null) {
            t.done.set(rows);
            t.finished = true;
        }
    }

    @Override
    public synchronized void note(String message) {
        erase();
        out.println(message);
        out.flush();
    }

    private synchronized void draw() {
        if (tables.isEmpty()) {
            return;
        }
        erase();
        int width = tables.values().stream().mapToInt(t -> t.name.length()).max().orElse(0);
        for (Table t : tables.values()) {
            out.println(line(t, width));
        }
        drawn = terminal ? tables.size() : 0;
        out.flush();
    }

    private void erase() {
        if (terminal && drawn > 0) {
            out.print("\033[" + drawn + "A\033[J");
            drawn = 0;
        }
    }

    private String line(Table t, int width) {
        long done = t.done.get();
        long total = Math.max(t.estimate, done);
        double seconds = Math.max(0.001, (System.nanoTime() - t.start) / 1e9);
        long rate = (long) (done / seconds);
        String eta = t.finished ? "done" : rate == 0 ? "ETA ?" : "ETA " + clock(Duration.ofSeconds((total - done) / Math.max(1, rate)));
        int percent = total == 0 ? 100 : (int) (100 * done / total);
        String bar = terminal ? "[" + "#".repeat(percent / 5) + "-".repeat(20 - percent / 5) + "] " : "";
        return String.format("  %-" + width + "s  %s%3d%%  %,d / ~%,d rows  %,d rows/s  %s", t.name, bar, percent, done,
                total, rate, eta);
    }

    private static String clock(Duration d) {
        return d.toHours() > 0 ? String.format("%d:%02d:%02d", d.toHours(), d.toMinutesPart(), d.toSecondsPart())
                : String.format("%d:%02d", d.toMinutesPart(), d.toSecondsPart());
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        draw();
    }
}
