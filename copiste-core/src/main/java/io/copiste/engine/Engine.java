package io.copiste.engine;

import io.copiste.CopisteException;
import io.copiste.ErrorCode;
import io.copiste.capture.Consumer;
import io.copiste.capture.LogicalStream;
import io.copiste.capture.Queue;
import io.copiste.capture.Reader;
import io.copiste.capture.Slot;
import io.copiste.db.Connector;
import io.copiste.db.Introspector;
import io.copiste.db.TableInfo;
import io.copiste.function.Change;
import io.copiste.function.DeliveredFunction;
import io.copiste.function.Function;
import io.copiste.function.FunctionContext;
import io.copiste.function.Position;
import io.copiste.install.Installer;
import io.copiste.install.Plan;
import io.copiste.manifest.Binding;
import io.copiste.manifest.Capture;
import io.copiste.manifest.Manifest;
import io.copiste.sql.SqlStates;
import io.micrometer.core.instrument.MeterRegistry;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The daemon behind {@code copiste run}: delivers a pipeline's committed changes to its functions, in order,
 * after commit.
 *
 * <p>One engine per pipeline is <em>active</em> at a time, holding a session advisory lock on a dedicated
 * connection; others wait as hot standbys and take over within {@link RunOptions#standbyPoll()} when it goes.
 * The active engine wakes on LISTEN/NOTIFY and polls as a fallback; survives database restarts and network cuts
 * by reconnecting with capped backoff; and records its progress after every sub-batch through the locked
 * connection, so a daemon that lost its lock records nothing more.
 *
 * <p>{@link #run()} blocks until {@link #stop()} (from another thread, e.g. a shutdown hook) or a fatal error;
 * {@link #stop()} lets the sub-batch in hand finish and be recorded first.
 */
public final class Engine {
    private static final Logger LOG = LoggerFactory.getLogger(Engine.class);

    /** What the engine is doing, for status and tests. */
    public enum State { STARTING, STANDBY, ACTIVE, RECONNECTING, STOPPED }

    private final Manifest manifest;
    private final Connector connector;
    private final Installer installer;
    private final RunOptions options;
    private final Metrics metrics;
    private final Queue queue;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean stopping;
    /** Set by {@link #drainToInitFence()}: deliver up to copiste init's fence, then return. */
    private boolean fenceMode;
    private boolean fenceReached;
    private volatile State state = State.STARTING;
    private final Map<String, BindingRuntime> bindings = new LinkedHashMap<>();

    public Engine(Manifest manifest, Connector connector, Installer installer, RunOptions options,
                  MeterRegistry registry) {
        this.manifest = manifest;
        this.connector = connector;
        this.installer = installer;
        this.options = options;
        this.metrics = new Metrics(registry, manifest.pipeline());
        this.queue = new Queue(manifest.pipeline());
    }

    public State state() {
        return state;
    }

    /** Asks the engine to stop after the sub-batch in hand; returns at once. */
    public void stop() {
        stopping = true;
    }

    /** Stops and waits up to {@code timeout} for {@link #run()} to return. */
    public boolean stopAndWait(Duration timeout) throws InterruptedException {
        stop();
        return stopped.await(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /**
     * Delivers until stopped.
     *
     * @throws CopisteException {@link ErrorCode#DRIFT} if the database does not have this manifest installed,
     *                          {@link ErrorCode#TARGET_FAILED} when a binding with {@code onError: stop} fails
     *                          permanently, and the connector's errors when the database cannot be reached at all
     */
    public void run() {
        try {
            runLoop();
        } catch (RuntimeException | Error e) {
            if (!(e instanceof CopisteException)) {
                // a bug or a function's unexpected error: say so here too, for an engine run on a thread of its own
                LOG.error("pipeline '{}': copiste run stopped by an unexpected error", manifest.pipeline(), e);
            }
            throw e;
        } finally {
            closeFunctions();
            state = State.STOPPED;
            metrics.active(false);
            stopped.countDown();
        }
    }

    /**
     * For {@code copiste init} when no daemon delivers the pipeline: delivers every change committed before the
     * init's fence (its snapshot), and nothing after, then returns. Returns false at once if a daemon holds the
     * pipeline's lock (that daemon drains to the fence itself).
     */
    public boolean drainToInitFence() {
        fenceMode = true;
        run();
        return fenceReached;
    }

    private void runLoop() {
        if (manifest.bindings().stream().noneMatch(Binding::delivered)) {
            throw new CopisteException(ErrorCode.INVALID_MANIFEST, "pipeline '" + manifest.pipeline()
                    + "' has no binding for copiste run: all its functions run inside the database",
                    "nothing to run; in-database functions fire in the trigger");
        }
        int attempt = 0;
        while (!stopping) {
            try (Connection lock = connector.open(applicationName())) {
                if (!acquire(lock)) {
                    return;
                }
                if (fenceMode) {
                    LOG.info("pipeline '{}': delivering up to copiste init's snapshot", manifest.pipeline());
                }
                verifyInstalled();
                openFunctions();
                attempt = 0;
                deliverWhileActive(lock);
                if (fenceMode) {
                    return;
                }
            } catch (SQLException | CopisteException e) {
                if (!isTransient(e)) {
                    throw e instanceof CopisteException ce ? ce : new CopisteException(ErrorCode.INTERNAL,
                            "pipeline '" + manifest.pipeline() + "': " + e.getMessage(), null, e);
                }
                state = State.RECONNECTING;
                metrics.active(false);
                Duration wait = options.backoff(Math.max(attempt++, released));
                LOG.warn("pipeline '{}': lost the database ({}); reconnecting in {} ms", manifest.pipeline(),
                        firstLine(e.getMessage()), wait.toMillis());
                pause(wait);
            }
        }
    }

    private boolean isTransient(Exception e) {
        if (e instanceof CopisteException ce) {
            return ce.code() == ErrorCode.CANNOT_CONNECT && ce.getCause() instanceof SQLException se
                    && !SqlStates.isAuthentication(se);
        }
        return SqlStates.isRetryable((SQLException) e) || e.getCause() instanceof java.io.IOException;
    }

    /** Takes the pipeline's daemon lock, waiting as a standby while another daemon holds it. */
    private boolean acquire(Connection lock) throws SQLException {
        boolean announced = false;
        while (!stopping) {
            try (PreparedStatement ps = lock.prepareStatement("SELECT pg_try_advisory_lock(?, ?)")) {
                ps.setInt(1, Queue.LOCK_CLASS);
                ps.setInt(2, queue.lockKey());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getBoolean(1)) {
                        state = State.ACTIVE;
                        metrics.active(true);
                        LOG.info("pipeline '{}': active on {}", manifest.pipeline(), connector.describe());
                        return true;
                    }
                }
            }
            if (fenceMode) {
                return false;
            }
            if (!announced) {
                state = State.STANDBY;
                LOG.info("pipeline '{}': another daemon is delivering; waiting as standby", manifest.pipeline());
                announced = true;
            }
            pause(options.standbyPoll());
        }
        return false;
    }

    private void verifyInstalled() throws SQLException {
        Plan plan;
        try {
            plan = installer.plan(manifest);
        } catch (io.copiste.install.DatabaseCheckException e) {
            if (delivered && e.unreachableTargets()) {
                // back after a lost connection: a target that cannot be reached now is an outage, not a mistake
                throw new SQLException(firstLine(e.getMessage()), "08006", e);
            }
            throw e;
        }
        if (plan.hasChanges()) {
            throw new CopisteException(ErrorCode.DRIFT, "pipeline '" + manifest.pipeline() + "' on "
                    + connector.describe() + " is not installed as the manifest says ("
                    + plan.steps().stream().filter(s -> s.action() != Plan.Action.KEEP)
                    .map(s -> s.binding() + ": " + s.reason()).reduce((a, b) -> a + ", " + b).orElse("catalog")
                    + ")", "run 'copiste install' with this manifest, then start copiste run again");
        }
    }

    private void openFunctions() throws SQLException {
        if (!bindings.isEmpty()) {
            return;
        }
        try (Connection c = connector.open()) {
            for (Binding b : manifest.bindings()) {
                if (!b.delivered()) {
                    continue;
                }
                TableInfo table = Introspector.table(c, b.table()).orElseThrow(() -> new CopisteException(
                        ErrorCode.DATABASE_NOT_READY, "binding '" + b.name() + "': table " + b.table()
                        + " does not exist", "restore the table or remove the binding, then copiste install"));
                FunctionContext context = b.context(manifest.pipeline(), table, () -> connector.open(applicationName()));
                Function function;
                Position stored;
                try {
                    function = ((DeliveredFunction) b.function().definition()).open(context);
                    stored = function.storedPosition();
                } catch (CopisteException e) {
                    throw e;
                } catch (Exception e) {
                    if (delivered && Delivery.retryable(e)) {
                        // reopening after an outage: the target is still down, keep waiting for it
                        closeFunctions();
                        throw new SQLException("binding '" + b.name() + "': " + firstLine(e.getMessage()), "08006", e);
                    }
                    throw new CopisteException(ErrorCode.TARGET_FAILED, "binding '" + b.name() + "': function "
                            + b.function().type() + " cannot start: " + firstLine(e.getMessage()),
                            "check the function's settings and its target", e);
                }
                bindings.put(b.name(), new BindingRuntime(b, function, table, stored));
            }
        }
        delivered = true;
    }

    private void refreshStored() throws SQLException {
        for (BindingRuntime b : bindings.values()) {
            try {
                b.refreshStored();
            } catch (Exception e) {
                throw new SQLException("binding '" + b.binding.name() + "': reading its stored position failed: " + e,
                        "08000", e);
            }
        }
    }

    private void deliverWhileActive(Connection lock) throws SQLException {
        refreshStored();
        if (manifest.capture() == Capture.LOGICAL) {
            deliverLogical(lock);
            return;
        }
        try (Connection data = connector.open(applicationName())) {
            deliverQueue(lock, data);
        }
    }

    /** Trigger capture: reads the queue's batches on {@code data}, records progress on {@code lock}. */
    private void deliverQueue(Connection lock, Connection data) throws SQLException {
        try (Statement st = lock.createStatement()) {
            st.execute("LISTEN \"" + queue.channel().replace("\"", "\"\"") + "\"");
        }
        data.setAutoCommit(false);
        String catalog = catalogFingerprint(lock);
        Consumer consumer = new Consumer(lock, queue);
        Delivery delivery = new Delivery(bindings, new DeadLetters(lock, queue), options, metrics, () -> stopping);
        Consumer.Batch batch = consumer.current();
        boolean pausedForInit = false;
        while (!stopping) {
            delivery.refreshParked();
            boolean backToBack = false;
            if (batch == null) {
                String rotated = consumer.rotate(options.rotateInterval());
                if (rotated != null) {
                    LOG.debug("pipeline '{}': queue {}", manifest.pipeline(), rotated);
                }
                batch = consumer.open(true);
                backToBack = batch != null;
            }
            if (batch == null && fenceMode && consumer.fenceReached()) {
                fenceReached = true;
                return;
            }
            if (batch == null) {
                metrics.lag(null);
                if (!catalog.equals(catalogFingerprint(lock))) {
                    throw new CopisteException(ErrorCode.DRIFT, "pipeline '" + manifest.pipeline()
                            + "' was reinstalled or uninstalled while copiste run was delivering it",
                            "start copiste run again with the manifest that was installed");
                }
                if (consumer.initRunning()) {
                    if (fenceMode) {
                        pause(Duration.ofMillis(20));
                        continue;
                    }
                    if (!pausedForInit) {
                        LOG.info("pipeline '{}': paused while copiste init runs", manifest.pipeline());
                        pausedForInit = true;
                    }
                    pause(options.poll());
                    continue;
                }
                pausedForInit = false;
                batch = sleepUntilChanges(lock, consumer);
                if (batch == null) {
                    continue;
                }
            }
            int delivered = deliverBatch(data, consumer, delivery, batch);
            if (delivered < 0) {
                return;
            }
            consumer.close(batch);
            batch = null;
            if (backToBack && delivered < options.batchSize()) {
                // changes keep coming, in small batches: let them gather a moment, so that sustained load goes in
                // fewer, larger batches (each costs a dozen statements on the source, competing with the writers);
                // it adds at most GATHER of latency (benchmarks: source TPS +20 % under pgbench with live
                // replication, latency p50 12 ms, p99 24 ms at 200 tx/s)
                pause(GATHER);
            }
        }
    }

    /** Queue rows fetched per round trip: a sub-batch may be larger, the driver's buffer of wide rows stays small. */
    private static final int FETCH = 1000;

    /** How long a busy daemon lets changes gather after a small batch (see deliverWhileActive). */
    private static final Duration GATHER = Duration.ofMillis(20);

    /**
     * Delivers one batch and returns how many changes it delivered, or -1 if a stop interrupted it (its progress is
     * recorded). The batch is read a sub-batch ahead, on the prefetcher's thread, while the previous one is
     * delivered.
     */
    private int deliverBatch(Connection data, Consumer consumer, Delivery delivery, Consumer.Batch batch)
            throws SQLException {
        int total = 0;
        Reader reader = new Reader(data, queue, batch, Math.min(options.batchSize(), FETCH));
        try (Prefetcher prefetcher = Prefetcher.ofBatch(reader, options.batchSize(), batch.done(), e -> {
            BindingRuntime b = bindings.get(e.binding());
            if (b == null) {
                LOG.debug("pipeline '{}': skipping change {} of binding '{}', not in the manifest",
                        manifest.pipeline(), e.id(), e.binding());
                return null;
            }
            Change change = b.change(manifest.pipeline(), e, batch.id());
            return b.alreadyApplied(change) ? null : change;
        }, "copiste run " + manifest.pipeline() + " reader")) {
            for (Prefetcher.Sub sub = prefetcher.next(); sub != null; sub = prefetcher.next()) {
                total += sub.changes().size();
                if (!flushSub(consumer, delivery, batch, sub.changes(), sub.last())) {
                    return -1;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping = true;
            return -1;
        }
        LOG.debug("pipeline '{}': batch {} delivered ({} changes)", manifest.pipeline(), batch.id(), total);
        return total;
    }

    private boolean flushSub(Consumer consumer, Delivery delivery, Consumer.Batch batch, List<Change> sub, long last)
            throws SQLException {
        if (!deliver(delivery, sub, new Position(batch.id(), last))) {
            return false;
        }
        consumer.progress(batch, last);
        return !stopping;
    }

    /** Delivers a sub-batch; false if a stop interrupted the retries. */
    private boolean deliver(Delivery delivery, List<Change> sub, Position reached) throws SQLException {
        try {
            delivery.deliver(sub, reached);
            return true;
        } catch (Delivery.Stopped s) {
            return false;
        } catch (SQLException | CopisteException | Delivery.Released e) {
            throw e;
        } catch (Exception e) {
            throw new CopisteException(ErrorCode.INTERNAL, "pipeline '" + manifest.pipeline() + "': " + e, null, e);
        }
    }

    /**
     * Logical capture: reads the pipeline's replication slot a sub-batch ahead, delivers, and acknowledges each
     * transaction once all of it is delivered (the slot then moves past it). A change's position is the install's
     * base plus its commit's WAL position, and its rank in the transaction.
     */
    private void deliverLogical(Connection lock) throws SQLException {
        String catalog = catalogFingerprint(lock);
        long base = installBase(lock);
        // by the table's oid, which the stream's relation messages carry: a table renamed meanwhile is still found
        Map<Long, List<BindingRuntime>> byTable = new HashMap<>();
        bindings.values().forEach(b -> byTable.computeIfAbsent(b.tableOid(), t -> new ArrayList<>()).add(b));
        Delivery delivery = new Delivery(bindings, new DeadLetters(lock, queue), options, metrics, () -> stopping);
        // a server shutting down waits for its replication connections to confirm everything sent: while a target is
        // down, let go of the slot and come back, rather than hold up a shutdown (and the WAL) until a timeout
        delivery.holdAtMost(HOLD_SLOT);
        LogicalStream stream = LogicalStream.open(connector, Slot.of(lock, manifest.pipeline()), applicationName());
        long recorded = System.nanoTime();
        boolean unrecorded = false;
        try (stream; Prefetcher feed = new Prefetcher(out -> readSlot(stream, out, base, byTable),
                "copiste run " + manifest.pipeline() + " reader")) {
            for (Prefetcher.Sub sub = feed.next(); sub != null && !stopping; sub = feed.next()) {
                List<Change> changes = sub.changes();
                try {
                    if (!changes.isEmpty() && !deliver(delivery, changes, changes.get(changes.size() - 1).position())) {
                        return;
                    }
                } catch (Delivery.Released r) {
                    // the sub-batch is abandoned half applied: close the functions, so that none commits what it holds
                    // with the same changes read again from the slot; they open anew with their stored positions
                    closeFunctions();
                    released++;
                    throw new SQLException(r.getMessage() + "; letting go of the replication slot meanwhile", "08006");
                }
                released = 0;
                if (sub.last() > 0) {
                    stream.acknowledge(sub.last());
                }
                unrecorded |= !changes.isEmpty();
                if (System.nanoTime() - recorded > RECORD_EVERY.toNanos()) {
                    // for status; at most once a second, not per transaction, and not while idle (the update is a
                    // write of its own, which a server before PostgreSQL 15 would send through the slot as an empty
                    // transaction, over and over)
                    if (unrecorded) {
                        recordDelivered(lock);
                        unrecorded = false;
                    }
                    if (changes.isEmpty() && !catalog.equals(catalogFingerprint(lock))) {
                        throw new CopisteException(ErrorCode.DRIFT, "pipeline '" + manifest.pipeline()
                                + "' was reinstalled or uninstalled while copiste run was delivering it",
                                "start copiste run again with the manifest that was installed");
                    }
                    recorded = System.nanoTime();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping = true;
        }
    }

    private static final Duration RECORD_EVERY = Duration.ofSeconds(1);

    /**
     * How long logical delivery retries a failing target while holding the replication connection; then the engine
     * lets go of it and comes back after a backoff that keeps growing while the target keeps failing.
     */
    private static final Duration HOLD_SLOT = Duration.ofSeconds(1);
    private int released;
    /** Whether this engine has delivered before: failures to reach a target are outages from then on. */
    private boolean delivered;

    /**
     * The prefetcher's side of logical capture: turns the slot's messages into changes, handing a sub-batch when it
     * is full or when the stream has nothing more for the moment (an empty one every quarter second while idle, so
     * the delivering thread sees a stop).
     */
    private void readSlot(LogicalStream stream, Prefetcher.Handoff out, long base,
                          Map<Long, List<BindingRuntime>> byTable) throws Exception {
        String pipeline = manifest.pipeline();
        Prefetcher.Filling sub = new Prefetcher.Filling(options.batchSize());
        long ack = 0;
        LogicalStream.Begin tx = null;
        boolean inTransaction = false;
        long event = 0;
        while (!out.closed()) {
            // between transactions, hand what is there as soon as the stream pauses; within one, wait for its end
            // (a sub-batch cut mid-transaction cannot be acknowledged, and costs a target transaction of its own)
            boolean empty = sub.isEmpty() && ack == 0;
            LogicalStream.Message m = stream.next(empty || inTransaction ? 250 : 0);
            if (m == null) {
                out.hand(sub.take(ack), stream::keepAlive);
                ack = 0;
                continue;
            }
            if (m instanceof LogicalStream.Begin b) {
                tx = b;
                inTransaction = true;
                event = 0;
            } else if (m instanceof LogicalStream.RowChange r) {
                for (BindingRuntime b : byTable.getOrDefault(Integer.toUnsignedLong(r.relation().id()), List.of())) {
                    Change c = b.change(pipeline, r, tx, new Position(base + tx.commitLsn(), ++event));
                    if (c != null && !b.alreadyApplied(c)) {
                        sub.add(c, r.bytes());
                    }
                }
            } else if (m instanceof LogicalStream.Truncate t) {
                for (LogicalStream.Relation r : t.relations()) {
                    for (BindingRuntime b : byTable.getOrDefault(Integer.toUnsignedLong(r.id()), List.of())) {
                        Change c = b.truncate(pipeline, tx, new Position(base + tx.commitLsn(), ++event));
                        if (c != null && !b.alreadyApplied(c)) {
                            sub.add(c, 0);
                        }
                    }
                }
            } else if (m instanceof LogicalStream.Commit c) {
                ack = c.endLsn();
                inTransaction = false;
            }
            if (sub.full()) {
                // a slow function may hold the sub-batch before for long: the server must hear from us meanwhile
                out.hand(sub.take(ack), stream::keepAlive);
                ack = 0;
            }
        }
    }

    /** Where this install's positions start (see {@link Queue#BATCH_BASE}). */
    private long installBase(Connection lock) throws SQLException {
        try (PreparedStatement ps = lock.prepareStatement("SELECT batch_id FROM copiste.consumer WHERE pipeline = ?")) {
            ps.setString(1, manifest.pipeline());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("pipeline '" + manifest.pipeline() + "' has no consumer row", "55000");
                }
                return rs.getLong(1);
            }
        }
    }

    private void recordDelivered(Connection lock) throws SQLException {
        try (PreparedStatement ps = lock.prepareStatement("UPDATE copiste.consumer SET delivered_at = now() WHERE pipeline = ?")) {
            ps.setString(1, manifest.pipeline());
            ps.executeUpdate();
        }
    }

    /** The pipeline's installed bindings and their hashes, to notice a reinstall. */
    private String catalogFingerprint(Connection lock) throws SQLException {
        try (PreparedStatement ps = lock.prepareStatement("SELECT coalesce(string_agg(name || '=' || hash, ','"
                + " ORDER BY name), '') FROM copiste.binding WHERE pipeline = ?")) {
            ps.setString(1, manifest.pipeline());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState())) {
                return "(not installed)";
            }
            throw e;
        }
    }

    /**
     * Raises the wake flag, looks once more (a transaction may have committed while the flag was down), and if
     * nothing came, sleeps until a notification or the poll interval. Returns the batch found, or null.
     */
    private Consumer.Batch sleepUntilChanges(Connection lock, Consumer consumer) throws SQLException {
        setWake(lock, 1);
        try {
            Consumer.Batch batch = consumer.open(true);
            // wait in slices, so that a stop is seen within a quarter of a second even with a long --poll
            long deadline = System.nanoTime() + options.poll().toNanos();
            while (batch == null && !stopping) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    break;
                }
                PGNotification[] woken = lock.unwrap(PGConnection.class).getNotifications((int) Math.min(250,
                        Math.max(1, left)));
                if (woken != null && woken.length > 0) {
                    break;
                }
            }
            return batch;
        } finally {
            setWake(lock, 0);
        }
    }

    private void setWake(Connection lock, int value) throws SQLException {
        try (PreparedStatement ps = lock.prepareStatement("SELECT setval(?, ?, true)")) {
            ps.setString(1, queue.wakeSequence());
            ps.setInt(2, value);
            ps.execute();
        }
    }

    private void closeFunctions() {
        for (BindingRuntime b : bindings.values()) {
            try {
                b.function.close();
            } catch (Exception e) {
                LOG.warn("binding '{}': closing its function failed: {}", b.binding.name(), e.toString());
            }
        }
        bindings.clear();
    }

    private void pause(Duration d) {
        long deadline = System.nanoTime() + d.toNanos();
        while (!stopping && System.nanoTime() < deadline) {
            try {
                Thread.sleep(Math.min(50, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stopping = true;
            }
        }
    }

    private static String applicationName() {
        return "copiste run " + ProcessHandle.current().pid();
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.split("\n")[0];
    }
}
