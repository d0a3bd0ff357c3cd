package io.copiste.capture;

import java.util.Arrays;

/**
 * A transaction snapshot as PostgreSQL writes {@code pg_snapshot}: {@code xmin:xmax:xip,xip,…}. Answers
 * {@code pg_visible_in_snapshot} in Java. Immutable.
 *
 * @param xmin the oldest transaction still running when it was taken
 * @param xmax one past the newest transaction id assigned then
 * @param xip  the transactions running then, sorted
 */
public record Snapshot(long xmin, long xmax, long[] xip) {
    public static Snapshot parse(String text) {
        String[] parts = text.split(":", -1);
        long[] xip = parts.length < 3 || parts[2].isEmpty() ? new long[0]
                : Arrays.stream(parts[2].split(",")).mapToLong(Long::parseLong).sorted().toArray();
        return new Snapshot(Long.parseLong(parts[0]), Long.parseLong(parts[1]), xip);
    }

    /** Whether the transaction had committed (or aborted) when the snapshot was taken. */
    public boolean visible(long txid) {
        return txid < xmin || (txid < xmax && Arrays.binarySearch(xip, txid) < 0);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder().append(xmin).append(':').append(xmax).append(':');
        for (int i = 0; i < xip.length; i++) {
            s.append(i == 0 ? "" : ",").append(xip[i]);
        }
        return s.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Snapshot s && s.xmin == xmin && s.xmax == xmax && Arrays.equals(s.xip, xip);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(xmin) * 31 + Long.hashCode(xmax);
    }
}
