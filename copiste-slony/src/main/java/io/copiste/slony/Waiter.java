package io.copiste.slony;

import io.copiste.ErrorCode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * slonik's waiting rules, with bounded waits and progress. Confirmations are read from the confirming node's own
 * {@code sl_confirm} when copiste can reach it (it is written there as soon as that node processes the event),
 * otherwise from the event's origin (which learns of it later, when its slon pulls confirmations).
 */
final class Waiter {
    private final ClusterName cluster;
    private final Sessions sessions;
    private final SlonyOptions options;

    Waiter(ClusterName cluster, Sessions sessions, SlonyOptions options) {
        this.cluster = cluster;
        this.sessions = sessions;
        this.options = options;
    }

    /**
     * Waits until {@code confirmedBy} (or, when it is {@code 0}, every active node but the origin) has confirmed
     * {@code event}. Returns at once for {@link Event#NONE}.
     */
    void waitFor(Event event, int confirmedBy, Duration timeout) {
        if (!event.generated() || event.seqno() < 0) {
            return;
        }
        List<Integer> targets = confirmedBy > 0 ? List.of(confirmedBy) : activeNodesBut(event.origin());
        Map<Integer, Long> positions = new LinkedHashMap<>();
        String what = "event " + event + " to be confirmed by " + (confirmedBy > 0 ? "node " + confirmedBy
                : "nodes " + targets);
        poll(what, timeout, () -> {
            boolean all = true;
            for (int target : targets) {
                long at = confirmed(target, event.origin());
                positions.put(target, at);
                all &= at >= event.seqno();
            }
            return all;
        }, () -> lagging(positions, event.seqno()), "check that slon runs for " + (confirmedBy > 0 ? "node "
                + confirmedBy : "every node") + " and has paths to the others ('copiste slony status' shows lag)");
    }

    /**
     * Waits until {@code node} has confirmed the last event this session generated on every other node (but
     * {@code ignore}), so that it acts on up-to-date configuration: slonik's rule before store node, create set,
     * subscribe set and resubscribe node.
     */
    void configCaughtUp(int node, int ignore) {
        for (NodeSession other : new ArrayList<>(sessions.all())) {
            if (other.lastEvent < 0 || other.id() == node || other.id() == ignore) {
                continue;
            }
            waitFor(new Event(other.id(), other.lastEvent), node, options.timeout());
        }
    }

    /** Polls {@code done} until it holds or the timeout passes, reporting progress. */
    void poll(String what, Duration timeout, BooleanSupplier done, java.util.function.Supplier<String> state,
              String hint) {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        long nextReport = start + options.progressEvery().toNanos();
        while (!done.getAsBoolean()) {
            long now = System.nanoTime();
            if (now > deadline) {
                throw new SlonyException(ErrorCode.DATABASE_NOT_READY, 0, "timed out after " + timeout.toSeconds()
                        + " s waiting for " + what + " (" + state.get() + ")", hint);
            }
            if (now > nextReport) {
                options.progress().waiting("waiting for " + what + " (" + state.get() + ", "
                        + Duration.ofNanos(now - start).toSeconds() + " s)");
                nextReport = now + options.progressEvery().toNanos();
            }
            try {
                Thread.sleep(options.pollInterval().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SlonyException(ErrorCode.INTERNAL, 0, "interrupted while waiting for " + what,
                        "the operation was submitted; check its outcome with 'copiste slony status'");
            }
        }
    }

    /** The highest event of {@code origin} that {@code target} has confirmed, or 0. */
    private long confirmed(int target, int origin) {
        NodeSession where = sessions.knows(target) ? sessions.get(target) : sessions.get(origin);
        return where.transaction("read sl_confirm", c -> Jdbc.queryLong(c, 0, "SELECT max(con_seqno) FROM "
                + cluster.qualify("sl_confirm") + " WHERE con_origin = ? AND con_received = ?", origin, target));
    }

    private List<Integer> activeNodesBut(int origin) {
        return sessions.get(origin).transaction("read sl_node", c -> Jdbc.strings(c, "SELECT no_id FROM "
                + cluster.qualify("sl_node") + " WHERE no_active AND no_id <> ? ORDER BY no_id", origin))
                .stream().map(Integer::valueOf).toList();
    }

    private static String lagging(Map<Integer, Long> positions, long seqno) {
        List<String> parts = new ArrayList<>();
        positions.forEach((node, at) -> {
            if (at < seqno) {
                parts.add("node " + node + " is at " + at);
            }
        });
        return parts.isEmpty() ? "all confirmed" : String.join(", ", parts);
    }
}
