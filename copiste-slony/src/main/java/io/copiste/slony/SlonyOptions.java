package io.copiste.slony;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link SlonyCluster} waits and where it finds Slony's files.
 *
 * @param timeout       the longest any implied wait may take (slonik waits forever; copiste fails with a message
 *                      saying what it waited for)
 * @param pollInterval  how often confirmations are polled while waiting
 * @param progressEvery how often {@code progress} hears about a wait that goes on
 * @param progress      where progress goes
 * @param scripts       the directory with {@code slony1_base.*.sql}, or {@code null} to search the usual places
 * @param slonik        the {@code slonik} binary (for failover), or {@code null} to search the {@code PATH}
 */
public record SlonyOptions(Duration timeout, Duration pollInterval, Duration progressEvery, Progress progress,
                           Path scripts, Path slonik) {
    public SlonyOptions {
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(pollInterval, "pollInterval");
        Objects.requireNonNull(progressEvery, "progressEvery");
        Objects.requireNonNull(progress, "progress");
        if (timeout.isNegative() || timeout.isZero() || pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("timeout and pollInterval must be positive");
        }
    }

    /** Ten minutes per wait, polling every 200 ms, progress logged every 10 s, files found on their own. */
    public static SlonyOptions defaults() {
        return new SlonyOptions(Duration.ofMinutes(10), Duration.ofMillis(200), Duration.ofSeconds(10),
                Progress.LOG, null, null);
    }

    public SlonyOptions withTimeout(Duration value) {
        return new SlonyOptions(value, pollInterval, progressEvery, progress, scripts, slonik);
    }

    public SlonyOptions withProgress(Progress value) {
        return new SlonyOptions(timeout, pollInterval, progressEvery, value, scripts, slonik);
    }

    public SlonyOptions withScripts(Path value) {
        return new SlonyOptions(timeout, pollInterval, progressEvery, progress, value, slonik);
    }

    public SlonyOptions withSlonik(Path value) {
        return new SlonyOptions(timeout, pollInterval, progressEvery, progress, scripts, value);
    }
}
