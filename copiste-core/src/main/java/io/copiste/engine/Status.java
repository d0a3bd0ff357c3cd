package io.copiste.engine;

import io.copiste.manifest.Problem;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A pipeline's health, as {@code copiste status} shows it. Immutable.
 *
 * @param pipeline     the pipeline
 * @param database     where it is installed
 * @param bindings     each binding of the manifest (and each installed binding no longer in it)
 * @param queued       changes committed but not yet delivered ({@code capture: trigger}; 0 with logical capture,
 *                     which cannot count them)
 * @param walBehind    with {@code capture: logical}: bytes of WAL written since the daemon's last acknowledged
 *                     position, which the replication slot keeps on the server's disk; -1 with trigger capture
 * @param lag          age of the oldest undelivered change (zero when none waits); with logical capture, how long the
 *                     server lately waited for the daemon to acknowledge a transaction
 * @param lastDelivery when the daemon last recorded progress, or {@code null}
 * @param parked       changes in the dead-letter table
 * @param daemon       the active daemon's connection ({@code pid}, client address and name), or {@code null}
 * @param problems     what the database lacks for the manifest (then binding states are {@code unknown})
 */
public record Status(String pipeline, String database, List<BindingStatus> bindings, long queued, long walBehind,
                     Duration lag,
                     Instant lastDelivery, long parked, Daemon daemon, List<Problem> problems) {
    public Status {
        bindings = List.copyOf(bindings);
        problems = List.copyOf(problems);
    }

    /**
     * One binding.
     *
     * @param state {@code installed} (up to date), {@code changed} (manifest differs: run install),
     *              {@code missing} (not installed), {@code broken} (objects missing in the database),
     *              {@code orphaned} (installed but gone from the manifest), or {@code unknown}
     */
    public record BindingStatus(String name, String table, String function, String state, long queued, long parked) {
    }

    /** The active daemon's database session. */
    public record Daemon(int pid, String from) {
    }

    /** Whether every binding is installed as the manifest says. */
    public boolean inSync() {
        return problems.isEmpty() && bindings.stream().allMatch(b -> b.state().equals("installed"));
    }

    /** Whether delivery is healthy: a daemon runs (if anything is delivered), nothing parked, lag under the limit. */
    public boolean healthy(Duration maxLag, boolean delivers) {
        return (!delivers || daemon != null) && parked == 0 && lag.compareTo(maxLag) <= 0;
    }
}
