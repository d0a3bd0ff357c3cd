package io.copiste.engine;

import java.time.Duration;

/**
 * How {@code copiste run} delivers. Immutable.
 *
 * @param batchSize      the most changes per sub-batch (fewer when the changes hold over 8 MB of row data, or when
 *                       no more are waiting): functions are flushed and progress recorded after each
 * @param poll           the longest wait for new changes when no notification arrives
 * @param rotateInterval how often the queue switches partitions so the consumed one can be truncated
 * @param retryMin       first wait before retrying a failed function call or a lost connection
 * @param retryMax       the cap of the exponential backoff
 * @param standbyPoll    how often a standby daemon tries to take over
 */
public record RunOptions(int batchSize, Duration poll, Duration rotateInterval, Duration retryMin, Duration retryMax,
                         Duration standbyPoll) {
    public static final RunOptions DEFAULTS = new RunOptions(10_000, Duration.ofSeconds(1), Duration.ofSeconds(60),
            Duration.ofMillis(200), Duration.ofSeconds(30), Duration.ofSeconds(1));

    public RunOptions {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1");
        }
    }

    public RunOptions withBatchSize(int size) {
        return new RunOptions(size, poll, rotateInterval, retryMin, retryMax, standbyPoll);
    }

    public RunOptions withPoll(Duration d) {
        return new RunOptions(batchSize, d, rotateInterval, retryMin, retryMax, standbyPoll);
    }

    public RunOptions withRotateInterval(Duration d) {
        return new RunOptions(batchSize, poll, d, retryMin, retryMax, standbyPoll);
    }

    public RunOptions withRetry(Duration min, Duration max) {
        return new RunOptions(batchSize, poll, rotateInterval, min, max, standbyPoll);
    }

    public RunOptions withStandbyPoll(Duration d) {
        return new RunOptions(batchSize, poll, rotateInterval, retryMin, retryMax, d);
    }

    /** The wait before attempt {@code n} (0-based): doubling from retryMin, capped at retryMax. */
    public Duration backoff(int attempt) {
        long millis = retryMin.toMillis() << Math.min(attempt, 20);
        return Duration.ofMillis(Math.min(millis, retryMax.toMillis()));
    }
}
