package io.copiste.slony.topology;

import java.time.Duration;

/**
 * Hears how an apply goes, step by step (the CLI prints it; tests start a node's slon as soon as its schema is
 * installed). Called on the applying thread; every method is a no-op by default and must not block for long.
 */
public interface ApplyListener {
    ApplyListener NONE = new ApplyListener() { };

    /** A plan was computed and is about to run ({@code round} counts from 1; see {@link TopologyPlan#deferred()}). */
    default void planned(int round, TopologyPlan plan) {
    }

    /** Step {@code index} (from 1) of {@code total} starts. */
    default void starting(int index, int total, TopologyPlan.Step step) {
    }

    /** Step {@code index} of {@code total} is done, its waits included. */
    default void done(int index, int total, TopologyPlan.Step step, Duration took) {
    }
}
