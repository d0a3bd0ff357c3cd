package io.copiste.engine;

import io.copiste.CopisteException;
import io.copiste.ErrorCode;
import io.copiste.function.Change;
import io.copiste.function.FunctionException;
import io.copiste.function.Position;
import io.copiste.manifest.Binding;
import io.copiste.sql.SqlStates;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * Applies one sub-batch: runs of consecutive changes of one binding go to that binding's function in order (a
 * function {@linkplain io.copiste.function.Function#independent() independent} of the others gets all its changes of
 * the sub-batch in one call);
 * retryable failures are retried with capped exponential backoff (the pipeline waits, keeping order); permanent
 * ones stop the pipeline or, with {@code onError: park}, set the change aside. Then every function that received
 * changes is flushed. Not thread-safe.
 */
public final class Delivery {
    private static final Logger LOG = LoggerFactory.getLogger(Delivery.class);

    /** Thrown when a stop was requested while waiting to retry: the sub-batch is abandoned, not recorded. */
    static final class Stopped extends RuntimeException {
        Stopped() {
            super("stopped", null, false, false);
        }
    }

    /**
     * Thrown when a target has kept failing for longer than the delivery may hold its source: the caller lets go of
     * it (logical capture: the replication connection, which a server shutting down waits for) and comes back.
     */
    static final class Released extends RuntimeException {
        Released(String message) {
            super(message, null, false, false);
        }
    }

    private final Map<String, BindingRuntime> bindings;
    private Duration holdAtMost;
    private final DeadLetters deadLetters;
    private final RunOptions options;
    private final Metrics metrics;
    private final BooleanSupplier stopping;
    private Set<String> parkedKeys = Set.of();
    private long parkedCount = -1;

    Delivery(Map<String, BindingRuntime> bindings, DeadLetters deadLetters, RunOptions options, Metrics metrics,
             BooleanSupplier stopping) {
        this.bindings = bindings;
        this.deadLetters = deadLetters;
        this.options = options;
        this.metrics = metrics;
        this.stopping = stopping;
    }

    /**
     * Reloads which rows have parked changes when the dead-letter table's size changed (an operator retried or
     * discarded some); one count otherwise, however many changes are parked.
     */
    void refreshParked() throws SQLException {
        long size = deadLetters.count();
        if (size != parkedCount) {
            parkedKeys = new java.util.HashSet<>(deadLetters.parkedKeys());
            parkedCount = size;
            metrics.dlqSize(size);
        }
    }

    /** Delivers the changes in order and flushes the functions with {@code reached}. */
    void deliver(List<Change> changes, Position reached) throws Exception {
        long start = System.nanoTime();
        Set<BindingRuntime> touched = new LinkedHashSet<>();
        Map<BindingRuntime, List<Change>> independent = new LinkedHashMap<>();
        List<Change> run = new ArrayList<>();
        BindingRuntime current = null;
        for (Change c : changes) {
            BindingRuntime b = bindings.get(c.binding());
            touched.add(b);
            if (b.function.independent()) {
                independent.computeIfAbsent(b, k -> new ArrayList<>()).add(c);
                continue;
            }
            if (b != current && !run.isEmpty()) {
                apply(current, run);
                run = new ArrayList<>();
            }
            current = b;
            run.add(c);
        }
        if (!run.isEmpty()) {
            apply(current, run);
        }
        for (Map.Entry<BindingRuntime, List<Change>> e : independent.entrySet()) {
            apply(e.getKey(), e.getValue());
        }
        for (BindingRuntime b : touched) {
            try {
                retrying(b, "flush", () -> b.function.flush(reached));
            } catch (PermanentFailure f) {
                throw new CopisteException(ErrorCode.TARGET_FAILED, "binding '" + b.binding.name() + "': flush at "
                        + reached + " failed: " + f.getMessage(), "fix the target, then start copiste run again",
                        f.getCause());
            }
        }
        metrics.batch(Duration.ofNanos(System.nanoTime() - start));
        if (!changes.isEmpty()) {
            metrics.lag(changes.get(changes.size() - 1).time());
        }
    }

    private void apply(BindingRuntime b, List<Change> run) throws Exception {
        if (!parkedKeys.isEmpty() && run.stream().anyMatch(c -> isHeld(b, c))) {
            refreshParked();   // an operator may have retried them since the loop began: they are back in the queue
        }
        List<Change> todo = new ArrayList<>(run.size());
        for (Change c : run) {
            if (isHeld(b, c)) {
                park(b, c, "held behind an earlier parked change of the same row");
            } else {
                todo.add(c);
            }
        }
        if (todo.isEmpty()) {
            return;
        }
        try {
            retrying(b, "apply", () -> b.function.apply(todo));
            metrics.delivered(b.binding.name(), todo.size());
        } catch (PermanentFailure f) {
            if (b.binding.onError() == Binding.OnError.STOP) {
                Change c = f.change != null ? f.change : todo.get(0);
                throw new CopisteException(ErrorCode.TARGET_FAILED, "binding '" + b.binding.name() + "': "
                        + describe(b, c) + " failed: " + f.getMessage() + "; delivery stopped at position " + c.position(),
                        "fix the target or the data, then start copiste run again (it resumes there); or set"
                                + " 'onError: park' to set such changes aside", f.getCause());
            }
            if (todo.size() == 1) {
                park(b, todo.get(0), f.getMessage());
                return;
            }
            // find the culprit(s): the same changes one at a time (functions are idempotent)
            for (Change c : todo) {
                apply(b, List.of(c));
            }
        }
    }

    private boolean isHeld(BindingRuntime b, Change c) {
        if (parkedKeys.isEmpty()) {
            return false;
        }
        String oldKey = b.keyOf(c.oldRow());
        String newKey = b.keyOf(c.newRow());
        return (oldKey != null && parkedKeys.contains(b.binding.name() + '\0' + oldKey))
                || (newKey != null && parkedKeys.contains(b.binding.name() + '\0' + newKey));
    }

    private void park(BindingRuntime b, Change c, String error) throws SQLException {
        String oldKey = b.keyOf(c.oldRow());
        String newKey = b.keyOf(c.newRow());
        String key = newKey != null ? newKey : oldKey;
        deadLetters.park(c, key, error);
        for (String k : new String[]{oldKey, newKey}) {
            if (k != null) {
                parkedKeys.add(b.binding.name() + '\0' + k);
            }
        }
        metrics.parked(b.binding.name());
        LOG.warn("binding '{}': {} parked in copiste.dlq: {}", b.binding.name(), describe(b, c), error);
    }

    private interface Call {
        void run() throws Exception;
    }

    /** A permanent failure, with the change it concerns when known. */
    private static final class PermanentFailure extends Exception {
        final Change change;

        PermanentFailure(String message, Change change, Throwable cause) {
            super(message, cause);
            this.change = change;
        }
    }

    /** Gives up retrying after this long, with {@link Released}, instead of retrying in place forever. */
    void holdAtMost(Duration d) {
        holdAtMost = d;
    }

    private void retrying(BindingRuntime b, String what, Call call) throws Exception {
        long since = System.nanoTime();
        for (int attempt = 0; ; attempt++) {
            try {
                call.run();
                return;
            } catch (Exception e) {
                boolean retryable = retryable(e);
                metrics.failed(b.binding.name(), retryable);
                if (!retryable) {
                    throw new PermanentFailure(message(e), e instanceof FunctionException fe ? fe.change() : null, e);
                }
                if (holdAtMost != null && System.nanoTime() - since > holdAtMost.toNanos()) {
                    throw new Released("binding '" + b.binding.name() + "': " + what + " keeps failing ("
                            + message(e) + ")");
                }
                Duration wait = options.backoff(attempt);
                metrics.retried(b.binding.name());
                LOG.warn("binding '{}': {} failed (attempt {}), retrying in {} ms: {}", b.binding.name(), what,
                        attempt + 1, wait.toMillis(), message(e));
                sleep(wait);
            }
        }
    }

    private void sleep(Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < deadline) {
            if (stopping.getAsBoolean()) {
                throw new Stopped();
            }
            try {
                Thread.sleep(Math.min(50, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Stopped();
            }
        }
    }

    /** Whether retrying may help: see {@link io.copiste.function.FunctionException}. */
    public static boolean retryable(Throwable e) {
        if (e instanceof FunctionException fe) {
            return fe.retryable();
        }
        if (e instanceof SQLException se) {
            return SqlStates.isRetryable(se);
        }
        if (e instanceof CopisteException ce) {
            return ce.code() == ErrorCode.CANNOT_CONNECT;
        }
        return e instanceof IOException || (e.getCause() != null && e.getCause() != e && e.getCause() instanceof IOException);
    }

    private static String message(Throwable e) {
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m.split("\n")[0];
    }

    /** {@code update of public.people {"id":1} (change demo:812:4411)}: the key only, never the whole row. */
    static String describe(BindingRuntime b, Change c) {
        String key = b.keyOf(c.row());
        return c.operation().manifestName() + " of " + c.table() + (key == null ? "" : " " + key) + " (change "
                + c.id() + ")";
    }
}
