package io.copiste.function;

import java.util.Objects;

/**
 * Where a change sits in a pipeline's stream: the batch it was delivered in and its event id. Positions grow in
 * delivery order. A function that stores positions in its target (in the same transaction as the data) gets
 * exactly-once delivery: copiste asks for the stored position on start and skips what it covers.
 *
 * <p>{@link #toString()} gives {@code batch:event}; {@link #parse} reads it back. Immutable.
 *
 * @param batch the batch number (starts at 1)
 * @param event the event id within the pipeline's queue
 */
public record Position(long batch, long event) implements Comparable<Position> {
    /** Before everything. */
    public static final Position START = new Position(0, 0);

    public Position {
        if (batch < 0 || event < 0) {
            throw new IllegalArgumentException("negative position " + batch + ":" + event);
        }
    }

    /** Whether a change at {@code other} is already covered by this position. */
    public boolean covers(Position other) {
        return compareTo(other) >= 0;
    }

    /** Reads {@code batch:event}. */
    public static Position parse(String text) {
        int colon = Objects.requireNonNull(text, "text").indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("not a position: '" + text + "' (expected batch:event)");
        }
        return new Position(Long.parseLong(text.substring(0, colon)), Long.parseLong(text.substring(colon + 1)));
    }

    @Override
    public int compareTo(Position o) {
        int c = Long.compare(batch, o.batch);
        return c != 0 ? c : Long.compare(event, o.event);
    }

    @Override
    public String toString() {
        return batch + ":" + event;
    }
}
