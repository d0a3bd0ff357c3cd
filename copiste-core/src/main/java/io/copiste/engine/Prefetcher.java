package io.copiste.engine;

import io.copiste.capture.Reader;
import io.copiste.function.Change;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Reads changes on its own thread, a sub-batch ahead of delivery, so that reading the source and applying to the
 * targets overlap. Memory stays bounded: besides the sub-batch being delivered, at most {@value #AHEAD} wait and
 * one is being read. Not thread-safe: one consumer calls {@link #next()}.
 */
final class Prefetcher implements AutoCloseable {
    /** Sub-batches read ahead of the one being delivered. */
    static final int AHEAD = 1;

    /**
     * A sub-batch is handed once its changes hold this many bytes of captured row data, whatever their count, so
     * that wide rows (documents, large text) stay within a bounded heap too.
     */
    private static final int MAX_BYTES = 8 << 20;

    /** A sub-batch being filled, full at {@code size} changes or {@link #MAX_BYTES} of row data. */
    static final class Filling {
        private final int size;
        private List<Change> changes = new ArrayList<>();
        private long bytes;

        Filling(int size) {
            this.size = size;
        }

        void add(Change change, int rowBytes) {
            changes.add(change);
            bytes += rowBytes;
        }

        boolean isEmpty() {
            return changes.isEmpty();
        }

        boolean full() {
            return changes.size() >= size || bytes >= MAX_BYTES;
        }

        /** The changes so far, ending at {@code last} (see {@link Sub}); the filling starts again empty. */
        Sub take(long last) {
            Sub sub = new Sub(changes, last);
            changes = new ArrayList<>();
            bytes = 0;
            return sub;
        }
    }

    /**
     * Changes to deliver, and where they end: the id of the last queue event read for them (skipped events
     * included), or for logical capture the end of the last transaction they complete, to acknowledge (0: none).
     */
    record Sub(List<Change> changes, long last) {
    }

    /** Turns a stored event into the change to deliver, or {@code null} to skip it. */
    interface Converter {
        Change convert(Reader.Event event);
    }

    /** What reads, on the prefetcher's thread, handing sub-batches to {@code out}. */
    interface Producer {
        void run(Handoff out) throws Exception;
    }

    /** Where a producer hands its sub-batches; {@link #hand} waits while {@value #AHEAD} are waiting already. */
    interface Handoff {
        default void hand(Sub sub) throws Exception {
            hand(sub, () -> { });
        }

        /** Hands a sub-batch, calling {@code waiting} about once a second while it waits (to keep a stream alive). */
        void hand(Sub sub, Waiting waiting) throws Exception;

        boolean closed();
    }

    /** What a producer does while it waits to hand a sub-batch. */
    interface Waiting {
        void tick() throws Exception;
    }

    private static final Object END = new Object();
    private final BlockingQueue<Object> ready = new ArrayBlockingQueue<>(AHEAD);
    private final Thread thread;
    private volatile boolean closed;

    /** Starts a producer on a thread of its own. */
    Prefetcher(Producer producer, String name) {
        thread = new Thread(() -> run(producer), name);
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Reads one batch of the queue. The reader is closed by this prefetcher's thread when the batch is read or on
     * {@link #close()}.
     *
     * @param last the id of the last event already delivered in the batch
     */
    static Prefetcher ofBatch(Reader reader, int size, long last, Converter converter, String name) {
        return new Prefetcher(out -> {
            try (reader) {
                long at = last;
                Filling sub = new Filling(size);
                for (Reader.Event e = reader.next(); e != null && !out.closed(); e = reader.next()) {
                    at = e.id();
                    Change c = converter.convert(e);
                    if (c != null) {
                        sub.add(c, e.bytes());
                    }
                    if (sub.full()) {
                        out.hand(sub.take(at));
                    }
                }
                if (!out.closed()) {
                    out.hand(sub.take(at));   // the rest, possibly nothing: its position is recorded all the same
                }
            }
        }, name);
    }

    private void run(Producer producer) {
        Object outcome = END;
        try {
            producer.run(new Handoff() {
                @Override
                public void hand(Sub sub, Waiting waiting) throws Exception {
                    Prefetcher.this.hand(sub, waiting);
                }

                @Override
                public boolean closed() {
                    return closed;
                }
            });
        } catch (InterruptedException e) {
            return;
        } catch (Throwable e) {
            outcome = e;
        }
        try {
            hand(outcome, () -> { });
        } catch (Exception ignored) {
            // closed: nobody waits any more
        }
    }

    private void hand(Object item, Waiting waiting) throws Exception {
        long tick = System.nanoTime();
        while (!closed) {
            if (ready.offer(item, 100, TimeUnit.MILLISECONDS)) {
                return;
            }
            if (System.nanoTime() - tick > TimeUnit.SECONDS.toNanos(1)) {
                waiting.tick();
                tick = System.nanoTime();
            }
        }
        throw new InterruptedException("closed");
    }

    /**
     * The next sub-batch (possibly with no changes, when every event was skipped), or {@code null} when the producer
     * is done. Rethrows what failed while reading.
     */
    Sub next() throws SQLException, InterruptedException {
        Object item = ready.take();
        if (item == END) {
            ready.offer(END);
            return null;
        }
        if (item instanceof SQLException e) {
            throw e;
        }
        if (item instanceof RuntimeException e) {
            throw e;
        }
        if (item instanceof Error e) {
            throw e;
        }
        if (item instanceof Throwable t) {
            throw new IllegalStateException(t);
        }
        return (Sub) item;
    }

    /** Stops reading and waits for the thread. */
    @Override
    public void close() throws InterruptedException {
        closed = true;
        thread.interrupt();
        thread.join();
    }
}
