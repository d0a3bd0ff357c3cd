package io.copiste.init;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.copiste.CopisteException;
import io.copiste.ErrorCode;
import io.copiste.capture.Queue;
import io.copiste.capture.Snapshot;
import io.copiste.db.Connector;
import io.copiste.db.Introspector;
import io.copiste.db.TableInfo;
import io.copiste.engine.Delivery;
import io.copiste.engine.Engine;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.copiste.engine.RunOptions;
import io.copiste.function.BulkLoad;
import io.copiste.function.Change;
import io.copiste.function.DeliveredFunction;
import io.copiste.function.Function;
import io.copiste.function.FunctionContext;
import io.copiste.function.Json;
import io.copiste.function.Operation;
import io.copiste.function.Position;
import io.copiste.function.Prunable;
import io.copiste.function.Row;
import io.copiste.install.Installer;
import io.copiste.manifest.Binding;
import io.copiste.manifest.Manifest;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code copiste init}: feeds every existing row of the bound tables to their functions as {@link Operation#SNAPSHOT}
 * changes, read in parallel chunks on one exported snapshot, and hands over to the live stream at exactly that
 * snapshot (the <em>fence</em>): first every change committed before the snapshot is delivered (by the running
 * daemon, or by init itself when none runs), then the snapshot rows are applied while the stream stands still,
 * then the stream goes on with the changes committed after. No change is skipped or applied twice, deletes
 * included. See docs/init.md.
 */
public final class Initializer {
    private static final Logger LOG = LoggerFactory.getLogger(Initializer.class);

    private final Manifest manifest;
    private final Connector connector;
    private final Installer installer;
    private final RunOptions retry;
    private final Queue queue;

    public Initializer(Manifest manifest, Connector connector, Installer installer, RunOptions retry) {
        this.manifest = manifest;
        this.connector = connector;
        this.installer = installer;
        this.retry = retry;
        this.queue = new Queue(manifest.pipeline());
    }

    /** One binding being initialized. */
    private record Job(Binding binding, TableInfo table, List<String> key, TableReader reader, List<TableReader.Chunk> chunks,
                       long estimate, Set<String> identities, AtomicLong rows) {
    }

    public InitResult run(InitOptions options, InitProgress progress) {
        if (options.resume() && options.prune()) {
            // a resumed init reads only the chunks left, so it would not know the rows of the finished ones and
            // would prune them from the target
            throw new CopisteException(ErrorCode.USAGE, "--prune cannot be combined with --resume: the resumed init"
                    + " reads only the chunks left and would prune the rows of the finished ones",
                    "finish with 'copiste init --resume', then run 'copiste init --prune'");
        }
        if (manifest.capture() == io.copiste.manifest.Capture.LOGICAL) {
            throw new CopisteException(ErrorCode.USAGE, "copiste init does not support 'capture: logical' yet (pipeline '"
                    + manifest.pipeline() + "')", "copy the existing rows before 'copiste install', or run init with"
                    + " 'capture: trigger' and switch to logical capture afterwards");
        }
        Instant start = Instant.now();
        List<Binding> selected = select(options);
        if (installer.plan(manifest).hasChanges()) {
            throw new CopisteException(ErrorCode.DRIFT, "pipeline '" + manifest.pipeline() + "' is not installed as"
                    + " the manifest says", "run 'copiste install' first: init needs the capture in place");
        }
        try (Connection control = connector.open("copiste init"); Connection snap = connector.open("copiste init")) {
            if (!options.dryRun()) {
                lock(control);
            }
            snap.setAutoCommit(false);
            String exported;
            String current;
            try (Statement st = snap.createStatement()) {
                st.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
                try (ResultSet rs = st.executeQuery("SELECT pg_export_snapshot(), pg_current_snapshot()::text")) {
                    rs.next();
                    exported = rs.getString(1);
                    current = rs.getString(2);
                }
            }
            io.copiste.capture.Consumer consumer = new io.copiste.capture.Consumer(control, queue);
            if (!options.dryRun()) {
                consumer.fence(current);
                reachFence(consumer, progress);
            }
            InitState state = new InitState(control, manifest.pipeline());
            Map<String, Job> jobs = new LinkedHashMap<>();
            Map<String, Long> initTxid = new LinkedHashMap<>();
            for (Binding b : selected) {
                TableInfo table = Introspector.table(snap, b.table()).orElseThrow(() -> new CopisteException(
                        ErrorCode.DATABASE_NOT_READY, "binding '" + b.name() + "': table " + b.table() + " does not exist",
                        "restore the table, or remove the binding"));
                List<String> key = TableReader.key(snap, b, table);
                TableReader reader = new TableReader(b, table, key);
                long estimate = reader.estimate(snap);
                List<TableReader.Chunk> chunks;
                if (options.resume()) {
                    InitState.Unfinished unfinished = state.unfinished(b.name());
                    if (unfinished == null) {
                        throw new CopisteException(ErrorCode.USAGE, "binding '" + b.name() + "' has no interrupted init"
                                + " to resume", "run 'copiste init' without --resume");
                    }
                    chunks = unfinished.todo();
                    progress.note("binding '" + b.name() + "': resuming " + chunks.size() + " of " + unfinished.chunks()
                            + " chunks (" + unfinished.rowsDone() + " rows already done)");
                } else {
                    chunks = reader.chunks(snap, estimate, options.chunkRows());
                    if (!options.dryRun()) {
                        state.start(b.name(), current, chunks);
                    }
                }
                initTxid.put(b.name(), Snapshot.parse(current).xmax());
                jobs.put(b.name(), new Job(b, table, key, reader, chunks, estimate,
                        options.prune() ? ConcurrentHashMap.newKeySet() : null, new AtomicLong()));
                progress.started(b.name(), b.table().toString(), estimate, chunks.size());
            }
            if (options.dryRun() && !options.prune()) {
                List<InitResult.BindingResult> results = new ArrayList<>();
                for (Job job : jobs.values()) {
                    long n = job.reader().count(snap);
                    progress.rows(job.binding().name(), n);
                    progress.finished(job.binding().name(), n);
                    results.add(new InitResult.BindingResult(job.binding().name(), job.table().name().toString(), n,
                            job.chunks().size(), -1, Duration.ZERO));
                }
                snap.rollback();
                return new InitResult(results, Duration.between(start, Instant.now()), true);
            }
            Map<String, Duration> elapsed = load(jobs, exported, initTxid, options, progress, state);
            List<InitResult.BindingResult> results = new ArrayList<>();
            for (Job job : jobs.values()) {
                long pruned = options.prune() ? prune(job, options, progress) : -1;
                if (!options.dryRun()) {
                    state.finish(job.binding().name());
                }
                progress.finished(job.binding().name(), job.rows().get());
                results.add(new InitResult.BindingResult(job.binding().name(), job.table().name().toString(),
                        job.rows().get(), job.chunks().size(), pruned, elapsed.getOrDefault(job.binding().name(),
                        Duration.ZERO)));
            }
            if (!options.dryRun()) {
                consumer.fence(null);
            }
            snap.rollback();
            return new InitResult(results, Duration.between(start, Instant.now()), options.dryRun());
        } catch (SQLException e) {
            if (io.copiste.sql.SqlStates.isRetryable(e)) {
                throw new CopisteException(ErrorCode.CANNOT_CONNECT, "init of pipeline '" + manifest.pipeline()
                        + "' lost the database: " + e.getMessage(), "run 'copiste init --resume' to continue", e);
            }
            throw new CopisteException(ErrorCode.DATABASE_NOT_READY, "init of pipeline '" + manifest.pipeline()
                    + "' failed: " + e.getMessage().split("\n")[0], "run 'copiste check'; then 'copiste init --resume'", e);
        }
    }

    private List<Binding> select(InitOptions options) {
        List<Binding> out = new ArrayList<>();
        for (String name : options.bindings()) {
            Binding b = manifest.binding(name).orElseThrow(() -> new CopisteException(ErrorCode.USAGE,
                    "no binding '" + name + "' in pipeline '" + manifest.pipeline() + "'", "bindings: "
                    + manifest.bindings().stream().map(Binding::name).toList()));
            if (!b.delivered()) {
                throw new CopisteException(ErrorCode.USAGE, "binding '" + name + "' runs inside the database ("
                        + b.function().type() + "): there is nothing to initialize", "init applies to delivered functions");
            }
            out.add(b);
        }
        if (options.bindings().isEmpty()) {
            manifest.bindings().stream().filter(Binding::delivered).forEach(out::add);
        }
        if (out.isEmpty()) {
            throw new CopisteException(ErrorCode.USAGE, "pipeline '" + manifest.pipeline()
                    + "' has no delivered binding to initialize", "init applies to functions run by copiste run");
        }
        return out;
    }

    private void lock(Connection control) throws SQLException {
        try (PreparedStatement ps = control.prepareStatement("SELECT pg_try_advisory_lock(?, ?)")) {
            ps.setInt(1, Queue.LOCK_CLASS);
            ps.setInt(2, queue.initLockKey());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    throw new CopisteException(ErrorCode.DATABASE_NOT_READY, "another copiste init of pipeline '"
                            + manifest.pipeline() + "' is running", "wait for it to finish");
                }
            }
        }
    }

    /**
     * Waits until every change committed before the fence is delivered: by the active daemon if one runs, else by
     * an engine run here for that purpose.
     */
    private void reachFence(io.copiste.capture.Consumer consumer, InitProgress progress) throws SQLException {
        boolean told = false;
        while (!consumer.fenceReached()) {
            Engine drain = new Engine(manifest, connector, installer, retry, new SimpleMeterRegistry());
            if (drain.drainToInitFence()) {
                return;
            }
            if (!told) {
                progress.note("waiting for copiste run to deliver the changes committed before init's snapshot");
                told = true;
            }
            sleep(200);
        }
    }

    private Map<String, Duration> load(Map<String, Job> jobs, String exported, Map<String, Long> initTxid,
                                       InitOptions options, InitProgress progress, InitState state) {
        ConcurrentLinkedQueue<TableReader.Chunk> todo = new ConcurrentLinkedQueue<>();
        jobs.values().forEach(j -> todo.addAll(j.chunks()));
        Map<String, Long> nanos = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(options.workers(), r -> {
            Thread t = new Thread(r, "copiste-init");
            t.setDaemon(true);
            return t;
        });
        List<Future<?>> workers = new ArrayList<>();
        for (int w = 0; w < options.workers(); w++) {
            workers.add(pool.submit(() -> {
                work(jobs, exported, initTxid, options, progress, state, todo, nanos);
                return null;
            }));
        }
        try {
            for (Future<?> f : workers) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CopisteException(ErrorCode.INTERNAL, "init interrupted", "run 'copiste init --resume'", e);
        } catch (java.util.concurrent.ExecutionException e) {
            todo.clear();
            Throwable cause = e.getCause();
            throw cause instanceof CopisteException ce ? ce : new CopisteException(ErrorCode.INTERNAL,
                    "init failed: " + cause, "run 'copiste init --resume' after fixing the cause", cause);
        } finally {
            pool.shutdownNow();
        }
        Map<String, Duration> out = new LinkedHashMap<>();
        nanos.forEach((k, v) -> out.put(k, Duration.ofNanos(v / Math.max(1, options.workers()))));
        return out;
    }

    /** One worker: its own connection on the exported snapshot and its own function instances. */
    private void work(Map<String, Job> jobs, String exported, Map<String, Long> initTxid, InitOptions options,
                      InitProgress progress, InitState state, ConcurrentLinkedQueue<TableReader.Chunk> todo,
                      Map<String, Long> nanos) throws Exception {
        Map<String, Function> functions = new LinkedHashMap<>();
        try (Connection c = connector.open("copiste init")) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
                st.execute("SET TRANSACTION SNAPSHOT '" + exported.replace("'", "''") + "'");
            }
            for (TableReader.Chunk next = todo.poll(); next != null; next = todo.poll()) {
                TableReader.Chunk chunk = next;
                long t0 = System.nanoTime();
                Job job = jobs.get(chunk.binding());
                Function opened = functions.computeIfAbsent(chunk.binding(), n -> open(job));
                Function function = options.dryRun() ? null : opened;
                Prunable prunable = job.identities() == null ? null : prunable(job, opened);
                Map<String, io.copiste.db.TableInfo.Column> types = new LinkedHashMap<>();
                job.table().columns().forEach(col -> types.put(col.name(), col));
                if (function instanceof BulkLoad bulk && prunable == null && bulk.bulkColumns() != null) {
                    long n = bulkLoad(c, job, chunk, bulk, function);
                    job.rows().addAndGet(n);
                    progress.rows(chunk.binding(), n);
                    state.chunkDone(chunk, n);
                    nanos.merge(chunk.binding(), System.nanoTime() - t0, Long::sum);
                    continue;
                }
                List<Change> batch = new ArrayList<>(options.batchSize());
                long[] count = {0};
                long txid = initTxid.get(chunk.binding());
                job.reader().read(c, chunk, options.batchSize(), json -> {
                    Row row = new Row((ObjectNode) Json.parse(json), types);
                    if (prunable != null) {
                        String id = prunable.identity(row);
                        if (id != null) {
                            job.identities().add(id);
                        }
                    }
                    long event = ((long) chunk.index() << 32) | count[0]++;
                    batch.add(new Change(manifest.pipeline(), chunk.binding(), Operation.SNAPSHOT, job.binding().table(),
                            null, row, txid, new Position(0, event), Instant.now()));
                    if (batch.size() >= options.batchSize()) {
                        apply(function, batch, job, progress);
                    }
                });
                apply(function, batch, job, progress);
                if (function != null) {
                    retrying(job, () -> function.flush(null));
                    state.chunkDone(chunk, count[0]);
                }
                nanos.merge(chunk.binding(), System.nanoTime() - t0, Long::sum);
            }
            c.rollback();
        } finally {
            for (Function f : functions.values()) {
                try {
                    f.close();
                } catch (Exception e) {
                    LOG.warn("closing a function after init failed: {}", e.toString());
                }
            }
        }
    }

    /** A chunk through the function's bulk path: the source's COPY output straight into the target. */
    private long bulkLoad(Connection source, Job job, TableReader.Chunk chunk, BulkLoad bulk, Function function)
            throws Exception {
        String copy = job.reader().copyQuery(chunk, bulk.bulkColumns());
        long[] rows = {0};
        retrying(job, () -> {
            CopyOut out = source.unwrap(PGConnection.class).getCopyAPI().copyOut(copy);
            try {
                rows[0] = bulk.load(out::readFromCopy);
            } finally {
                if (out.isActive()) {
                    out.cancelCopy();
                }
            }
            function.flush(null);
        });
        return rows[0];
    }

    private Function open(Job job) {
        try {
            return ((DeliveredFunction) job.binding().function().definition()).open(job.binding().context(
                    manifest.pipeline(), job.table(), () -> connector.open("copiste init")));
        } catch (CopisteException e) {
            throw e;
        } catch (Exception e) {
            throw new CopisteException(ErrorCode.TARGET_FAILED, "binding '" + job.binding().name() + "': function "
                    + job.binding().function().type() + " cannot start: " + e.getMessage(),
                    "check the function's settings and its target", e);
        }
    }

    private Prunable prunable(Job job, Function function) {
        if (function instanceof Prunable p) {
            return p;
        }
        throw new CopisteException(ErrorCode.USAGE, "binding '" + job.binding().name() + "': function "
                + job.binding().function().type() + " cannot list its target, so --prune is not available for it",
                "run init without --prune");
    }

    private void apply(Function function, List<Change> batch, Job job, InitProgress progress) throws Exception {
        if (batch.isEmpty()) {
            return;
        }
        if (function != null) {
            List<Change> copy = List.copyOf(batch);
            retrying(job, () -> function.apply(copy));
        }
        job.rows().addAndGet(batch.size());
        progress.rows(job.binding().name(), batch.size());
        batch.clear();
    }

    private interface Call {
        void run() throws Exception;
    }

    private void retrying(Job job, Call call) throws Exception {
        for (int attempt = 0; ; attempt++) {
            try {
                call.run();
                return;
            } catch (Exception e) {
                if (!Delivery.retryable(e)) {
                    throw new CopisteException(ErrorCode.TARGET_FAILED, "binding '" + job.binding().name()
                            + "': init failed: " + e.getMessage(), "fix the cause, then 'copiste init --resume'"
                            + " continues from the last finished chunk", e);
                }
                Duration wait = retry.backoff(attempt);
                LOG.warn("binding '{}': init write failed (attempt {}), retrying in {} ms: {}", job.binding().name(),
                        attempt + 1, wait.toMillis(), e.getMessage());
                sleep(wait.toMillis());
            }
        }
    }

    /** Removes from the target what no source row maps to, within the safety threshold. */
    private long prune(Job job, InitOptions options, InitProgress progress) {
        Function function = open(job);
        try {
            Prunable prunable = prunable(job, function);
            List<String> extra = new ArrayList<>();
            long[] inTarget = {0};
            prunable.scan(id -> {
                inTarget[0]++;
                if (!job.identities().contains(id)) {
                    extra.add(id);
                }
            });
            String name = job.binding().name();
            if (!extra.isEmpty() && !options.force() && !options.dryRun()) {
                if (job.rows().get() == 0) {
                    throw new CopisteException(ErrorCode.DATABASE_NOT_READY, "binding '" + name + "': the source table"
                            + " is empty; pruning would remove all " + extra.size() + " entries of the target",
                            "check the source; pass --force to prune anyway");
                }
                if (extra.size() * 100L > options.maxPrunePercent() * inTarget[0]) {
                    throw new CopisteException(ErrorCode.DATABASE_NOT_READY, "binding '" + name + "': pruning would"
                            + " remove " + extra.size() + " of " + inTarget[0] + " target entries, more than "
                            + options.maxPrunePercent() + "%", "check the source and the function's filter; raise"
                            + " --max-prune or pass --force");
                }
            }
            progress.note("binding '" + name + "': " + (options.dryRun() ? "would prune " : "pruning ") + extra.size()
                    + " of " + inTarget[0] + " target entries");
            if (!options.dryRun()) {
                for (int i = 0; i < extra.size(); i += 500) {
                    List<String> part = extra.subList(i, Math.min(extra.size(), i + 500));
                    retrying(job, () -> prunable.remove(part));
                }
                retrying(job, () -> function.flush(null));
            }
            return extra.size();
        } catch (CopisteException e) {
            throw e;
        } catch (Exception e) {
            throw new CopisteException(ErrorCode.TARGET_FAILED, "binding '" + job.binding().name() + "': prune failed: "
                    + e.getMessage(), "fix the target, then run init --prune again", e);
        } finally {
            try {
                function.close();
            } catch (Exception e) {
                LOG.warn("closing a function after prune failed: {}", e.toString());
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CopisteException(ErrorCode.INTERNAL, "init interrupted", "run 'copiste init --resume'", e);
        }
    }
}
