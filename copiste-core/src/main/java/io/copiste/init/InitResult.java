package io.copiste.init;

import java.time.Duration;
import java.util.List;

/**
 * What an init did (or, with dry-run, would do). Immutable.
 *
 * @param bindings one result per initialized binding
 * @param elapsed  the whole run's time
 * @param dryRun   whether nothing was changed
 */
public record InitResult(List<BindingResult> bindings, Duration elapsed, boolean dryRun) {
    public InitResult {
        bindings = List.copyOf(bindings);
    }

    /**
     * One binding's outcome.
     *
     * @param binding the binding
     * @param table   its table
     * @param rows    rows sent to the function (or that would be)
     * @param chunks  chunks read
     * @param pruned  entries removed from the target (or that would be); -1 when not pruning
     * @param elapsed time spent on it
     */
    public record BindingResult(String binding, String table, long rows, int chunks, long pruned, Duration elapsed) {
    }

    public long rows() {
        return bindings.stream().mapToLong(BindingResult::rows).sum();
    }
}
