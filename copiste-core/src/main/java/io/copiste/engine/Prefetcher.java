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
 * Reads one batch's changes on its own thread, a sub-batch ahead of delivery, so that reading the queue on the
 * source and applying to the targets overlap. Memory stays bounded: besides the sub-batch being delivered, at most
 * {@value #AHEAD} wait and one is being read. Not thread-safe: one consumer calls {@link #next()}.
 */
final class Prefetcher implements AutoCloseable {
    /** Sub-batches read ahead of the one being delivered. */
    static final int AHEAD = 1;

    /** Changes to deliver, and the id of the last event read for them (skipped events included). */
    record Sub(List<Change> changes, long last) {
    }

    /** Turns a stored event into the change to deliver, or {@code null} to skip it. */
    interface Converter {
        Change convert(Reader.Event event);
    }

    private static final Object END = new Object();
    private final BlockingQueue<Object> ready = new ArrayBlockingQueue<>(AHEAD);
    private final Thread thread;
    private volatile boolean closed;

    /**
     * Starts reading. The reader is closed by this prefetcher's thread when the batch is read or on {@link #close()}.
     *
     * @param last the id of the last event already delivered in the batch
     */
    Prefetcher(Reader reader, int size, long last, Converter converter, String name) {
        thread = new Thread(() -> read(reader, size, last, converter), name);
        thread.setDaemon(true);
        thread.start();
    }

    private void read(Reader reader, int size, long last, Converter converter) {
        Object outcome = END;
        try (reader) {
            List<Change> sub = new ArrayList<>(size);
            for (Reader.Event e = reader.next(); e != null && !closed; e = reader.next()) {
                last = e.id();
                Change c = converter.convert(e);
                if (c != null) {
                    sub.add(c);
                }
                if (sub.size() >= size) {
                    hand(new Sub(sub, last));
                    sub = new ArrayList<>(size);
                }
            }
            if (!closed) {
                hand(new Sub(sub, last));   // the rest, possibly nothing: its position is recorded all the same
            }
        } catch (InterruptedException e) {
            return;
        } catch (Throwable e) {
            outcome = e;
        }
        try {
            hand(outcome);
        } catch (InterruptedException ignored) {
            // closed: nobody waits any more
        }
    }

    private void hand(Object item) throws InterruptedException {
        while (!closed) {
            if (ready.offer(item, 100, TimeUnit.MILLISECONDS)) {
                return;
            }
        }
        throw new InterruptedException("closed");
    }

    /**
     * The next sub-batch (possibly with no changes, when every event was skipped), or {@code null} at the end of
     * the batch. Rethrows what failed while reading.
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

    /** Stops reading (the reader is closed) and waits for the thread. */
    @Override
    public void close() throws InterruptedException {
        closed = true;
        thread.interrupt();
        thread.join();
    }
}
