package io.copiste.slony;

/**
 * A Slony-I event: the node that created it and its sequence number there ({@code sl_event.ev_origin},
 * {@code ev_seqno}). Every operation of {@link SlonyCluster} returns the event it generated, so that the caller can
 * {@link SlonyCluster#waitFor wait} until other nodes have confirmed it.
 *
 * <p>Operations that generate no event (lock set, uninstall node, restart node, clone finish, repair config)
 * return {@link #NONE}; waiting for it returns at once. In a dry run the sequence number is unknown and
 * {@link #seqno()} is {@code -1}.
 */
public record Event(int origin, long seqno) {
    /** "No event was generated". */
    public static final Event NONE = new Event(0, 0);

    /** Whether this is a real event that can be waited for. */
    public boolean generated() {
        return origin > 0 && seqno != 0;
    }

    /** Whether the sequence number is unknown because nothing was executed (dry run). */
    public boolean planned() {
        return origin > 0 && seqno < 0;
    }

    @Override
    public String toString() {
        return generated() ? "(" + origin + "," + (seqno < 0 ? "?" : Long.toString(seqno)) + ")" : "(none)";
    }
}
