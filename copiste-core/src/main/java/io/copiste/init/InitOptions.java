package io.copiste.init;

import java.util.List;

/**
 * How {@code copiste init} runs. Immutable.
 *
 * @param bindings        the bindings to initialize; empty means every delivered binding
 * @param resume          continue an interrupted init from its last finished chunk
 * @param dryRun          count what would be sent (and pruned), change nothing
 * @param prune           remove from the target what has no source row (functions that can enumerate their target)
 * @param maxPrunePercent refuse to prune more than this share of the target's entries, unless {@code force}
 * @param force           prune even past the threshold, or when the source table is empty
 * @param workers         parallel readers, all on one exported snapshot
 * @param chunkRows       rows per chunk (the unit of parallelism and of resuming)
 * @param batchSize       rows per call to the function
 */
public record InitOptions(List<String> bindings, boolean resume, boolean dryRun, boolean prune, int maxPrunePercent,
                          boolean force, int workers, int chunkRows, int batchSize) {
    public static final InitOptions DEFAULTS = new InitOptions(List.of(), false, false, false, 10, false,
            Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())), 100_000, 1000);

    public InitOptions {
        bindings = List.copyOf(bindings);
        if (workers < 1 || chunkRows < 1 || batchSize < 1) {
            throw new IllegalArgumentException("workers, chunkRows and batchSize must be positive");
        }
    }

    public InitOptions withBindings(List<String> names) {
        return new InitOptions(names, resume, dryRun, prune, maxPrunePercent, force, workers, chunkRows, batchSize);
    }

    public InitOptions withResume(boolean on) {
        return new InitOptions(bindings, on, dryRun, prune, maxPrunePercent, force, workers, chunkRows, batchSize);
    }

    public InitOptions withDryRun(boolean on) {
        return new InitOptions(bindings, resume, on, prune, maxPrunePercent, force, workers, chunkRows, batchSize);
    }

    public InitOptions withPrune(boolean on, int maxPercent, boolean forced) {
        return new InitOptions(bindings, resume, dryRun, on, maxPercent, forced, workers, chunkRows, batchSize);
    }

    public InitOptions withWorkers(int n) {
        return new InitOptions(bindings, resume, dryRun, prune, maxPrunePercent, force, n, chunkRows, batchSize);
    }

    public InitOptions withChunkRows(int n) {
        return new InitOptions(bindings, resume, dryRun, prune, maxPrunePercent, force, workers, n, batchSize);
    }
}
