package io.copiste.slony.topology;

import io.copiste.slony.Catalog;
import io.copiste.slony.SlonyException;
import io.copiste.slony.SlonyOptions;
import io.copiste.sql.TableName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What a schema migration tool calls so that replication follows the schema: after a migration, the tables and
 * sequences it created join the sets whose rules in the {@link Topology} choose them (through a temporary set,
 * subscribed the same way and merged, when the set is subscribed); before a migration drops a replicated table or
 * sequence, it leaves its set, and the node the migration runs on waits until it has processed that.
 *
 * <p>The connection passed in is the migration's: it tells which node the migration runs on (by the node id in the
 * cluster's schema) and what it created. Only on a set's origin are tables added; the migration must have created
 * them on every subscriber first (Slony copies rows, not definitions). The {@link Mode} comes from configuration:
 * {@code log} connects to no node and only logs what would be done, for environments without replication;
 * {@code off} does nothing. Logs to SLF4J logger {@code io.copiste.slony.migration}. Not thread-safe.
 */
public final class MigrationHook {
    private static final Logger LOG = LoggerFactory.getLogger("io.copiste.slony.migration");

    /** What the hook does. */
    public enum Mode {
        /** Change the cluster. */
        APPLY,
        /** Only log what would be changed; connect to no node. */
        LOG,
        /** Nothing at all. */
        OFF;

        /** {@code apply}, {@code log} or {@code off}, in any case. */
        public static Mode parse(String text) {
            try {
                return valueOf(text.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("replication mode '" + text + "' is not one of apply, log, off");
            }
        }
    }

    private final Topology topology;
    private final Mode mode;
    private final SlonyOptions options;

    private MigrationHook(Topology topology, Mode mode, SlonyOptions options) {
        this.topology = topology;
        this.mode = mode;
        this.options = options;
    }

    public static MigrationHook of(Topology topology, Mode mode, SlonyOptions options) {
        return new MigrationHook(topology, mode, options);
    }

    public Mode mode() {
        return mode;
    }

    /** The tables and sequences of the migration's database before it runs (nothing is read in mode off). */
    public Catalog snapshot(Connection migration) {
        return mode == Mode.OFF ? new Catalog(List.of(), List.of()) : Catalog.read(migration, topology.cluster());
    }

    /** After a migration: what it created since {@code before} joins replication (see {@link #tablesCreated}). */
    public TopologyPlan created(Connection migration, Catalog before) {
        if (mode == Mode.OFF) {
            return nothing(0);
        }
        Catalog now = Catalog.read(migration, topology.cluster());
        Set<TableName> created = new LinkedHashSet<>();
        now.tables().stream().map(Catalog.Table::name).filter(n -> !before.hasTable(n)).forEach(created::add);
        now.sequences().stream().filter(n -> !before.hasSequence(n)).forEach(created::add);
        return tablesCreated(migration, created);
    }

    /**
     * Adds tables and sequences just created on the migration's database to the sets whose rules choose them. On a
     * database without the cluster's schema, or on a node that is no set's origin, does nothing but log it.
     *
     * @return the plan that was run (mode apply) or would be (mode log: its notes say what)
     */
    public TopologyPlan tablesCreated(Connection migration, Collection<TableName> created) {
        if (mode == Mode.OFF || created.isEmpty()) {
            return nothing(0);
        }
        Set<TableName> names = new LinkedHashSet<>(created);
        if (mode == Mode.LOG) {
            return logOnly(migration, names);
        }
        int node = Catalog.localNode(migration, topology.cluster());
        if (node == 0 || topology.sets().stream().noneMatch(s -> s.origin() == node)) {
            LOG.info("replication: {} created {}; {}", where(node), names, node == 0 ? "this database has no Slony "
                    + "cluster " + topology.cluster() + ", so nothing is replicated (use mode log where there is no "
                    + "replication)" : "they are added when the migration runs on the sets' origin");
            return nothing(node);
        }
        try (TopologyDriver driver = TopologyDriver.connect(topology, options)) {
            TopologyPlan plan = new Planner(topology, Live.read(topology, driver.cluster()), false).additions(names);
            return run(driver, plan, "add " + names, "the migration itself is committed: once this is fixed, "
                    + "'copiste slony apply' with the topology adds every table its rules choose that is not "
                    + "replicated yet");
        }
    }

    /**
     * Before a migration drops tables or sequences: each one in a set leaves it (after a SYNC, so what was written
     * before still reaches the subscribers), and when the migration runs on another node than the origin, waits
     * until that node has processed the removal, so that dropping it there cannot break replication.
     */
    public TopologyPlan beforeDrop(Connection migration, Collection<TableName> dropped) {
        if (mode == Mode.OFF || dropped.isEmpty()) {
            return nothing(0);
        }
        if (mode == Mode.LOG) {
            LOG.info("replication (log only): before dropping {}, each would leave its set if it is replicated",
                    dropped);
            return nothing(0);
        }
        int node = Catalog.localNode(migration, topology.cluster());
        if (node == 0) {
            return nothing(0);
        }
        try (TopologyDriver driver = TopologyDriver.connect(topology, options)) {
            TopologyPlan plan = Drops.plan(topology, driver.cluster(), node, dropped);
            return run(driver, plan, "drop " + dropped, "the migration did not run: fix this, then migrate again");
        }
    }

    /** The tables and sequences an SQL script drops ({@code DROP TABLE}, {@code DROP SEQUENCE}), in order. */
    public static List<TableName> droppedBy(String sql) {
        return Drops.parse(sql);
    }

    private TopologyPlan run(TopologyDriver driver, TopologyPlan plan, String what, String afterwards) {
        plan.notes().forEach(n -> LOG.info("replication: {}", n));
        if (plan.steps().isEmpty() && plan.refusals().isEmpty()) {
            return plan;
        }
        LOG.info("replication: to {} on cluster {}:\n{}", what, topology.cluster(), plan.describe().strip());
        try {
            driver.run(plan, new ApplyListener() {
                @Override
                public void done(int index, int total, TopologyPlan.Step step, java.time.Duration took) {
                    LOG.info("replication: [{}/{}] {} ({} ms)", index, total, step.description(), took.toMillis());
                }
            });
        } catch (SlonyException e) {
            throw new SlonyException(e.code(), e.node(), "replication, to " + what + ": " + e.getMessage(),
                    (e.hint() == null ? "" : e.hint() + "; ") + afterwards, e);
        }
        return plan;
    }

    /** Mode log: which set's rules choose each new relation, read from the migration's own database only. */
    private TopologyPlan logOnly(Connection migration, Set<TableName> names) {
        Catalog now = Catalog.read(migration, topology.cluster());
        Catalog created = new Catalog(now.tables().stream().filter(t -> names.contains(t.name())).toList(),
                now.sequences().stream().filter(names::contains).toList());
        Draft draft = new Draft(1);
        Selection selection = new Selection(topology, draft);
        Set<TableName> chosen = new LinkedHashSet<>();
        for (Topology.SetSpec s : topology.sets()) {
            Selection.Chosen c = selection.choose(s, created);
            if (!c.isEmpty()) {
                draft.note("would add " + c.list() + " to set " + s.id() + " (through a temporary set, subscribed "
                        + "like set " + s.id() + " and merged, if it has subscribers)");
                c.tables().forEach(t -> chosen.add(t.name()));
                c.sequences().forEach(q -> chosen.add(q.name()));
            }
        }
        names.stream().filter(n -> !chosen.contains(n)).forEach(n -> draft.note(n + " is chosen by no set's rules: "
                + "not replicated"));
        draft.notes.forEach(n -> LOG.info("replication (log only): {}", n));
        draft.refusals.forEach(r -> LOG.info("replication (log only): {}", r.message()));
        return new TopologyPlan(topology.cluster(), topology.adminNodes(), 0, List.of(), List.of(), draft.notes,
                false);
    }

    private TopologyPlan nothing(int node) {
        return new TopologyPlan(topology.cluster(), topology.adminNodes(), node, List.of(), List.of(), List.of(),
                false);
    }

    private static String where(int node) {
        return node == 0 ? "the migration" : "the migration on node " + node;
    }
}
