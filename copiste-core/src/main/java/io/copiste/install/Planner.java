package io.copiste.install;

import io.copiste.capture.Backlog;
import io.copiste.capture.Queue;
import io.copiste.capture.Slot;
import io.copiste.function.DeliveredFunction;
import io.copiste.db.Introspector;
import io.copiste.db.TableInfo;
import io.copiste.install.Catalog.Installed;
import io.copiste.install.Plan.Action;
import io.copiste.install.Plan.Step;
import io.copiste.manifest.Binding;
import io.copiste.manifest.Capture;
import io.copiste.manifest.Manifest;
import io.copiste.manifest.Problem;
import io.copiste.sql.TableName;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Computes what install or uninstall would change: compares the manifest with the pipeline's catalog rows and with
 * the objects actually present. Only reads the database.
 */
final class Planner {
    private final Connection connection;
    private final String database;
    private final String copisteVersion;

    Planner(Connection connection, String database, String copisteVersion) {
        this.connection = connection;
        this.database = database;
        this.copisteVersion = copisteVersion;
    }

    /**
     * The plan that makes the database match the manifest.
     *
     * @throws DatabaseCheckException if the database is not ready for the manifest (nothing to plan)
     */
    Plan install(Manifest manifest, boolean missingTargetsAreProblems) throws SQLException {
        int version = Catalog.version(connection);
        Checker checker = new Checker(connection, manifest.pipeline(), missingTargetsAreProblems);
        List<Problem> problems = checker.check(manifest);
        if (!problems.isEmpty()) {
            throw new DatabaseCheckException(problems, checker.onlyUnreachableTargets());
        }
        String pipeline = manifest.pipeline();
        Map<String, Installed> installed = new LinkedHashMap<>();
        if (version > 0) {
            Catalog.bindings(connection, pipeline).forEach(i -> installed.put(i.name(), i));
        }

        List<Step> steps = new ArrayList<>();
        for (Installed old : installed.values()) {
            if (manifest.binding(old.name()).isEmpty()) {
                List<String> sql = new ArrayList<>(dropObjects(old));
                sql.add(Catalog.deleteBinding(pipeline, old.name()));
                steps.add(new Step(old.name(), Action.DROP, old.table(), old.functionType(), "not in the manifest", sql,
                        List.of()));
            }
        }
        for (Binding b : manifest.bindings()) {
            TableInfo table = checker.tables().get(b.name());
            BindingRenderer.Rendered rendered = BindingRenderer.render(pipeline, b, table, manifest.capture());
            Installed old = installed.get(b.name());
            Action action;
            String reason;
            if (old == null) {
                action = Action.CREATE;
                reason = "new binding";
            } else if (!old.hash().equals(rendered.hash())) {
                action = Action.REPLACE;
                reason = old.tableOid() != table.oid() ? "table changed" : "definition changed";
            } else {
                reason = missing(old, table);
                action = reason == null ? Action.KEEP : Action.REPAIR;
            }
            List<String> sql = new ArrayList<>();
            if (action != Action.KEEP) {
                if (old != null) {
                    sql.addAll(dropObjects(old));
                    sql.add(Catalog.deleteBinding(pipeline, b.name()));
                }
                sql.addAll(rendered.statements());
                sql.add(Catalog.insertBinding(pipeline, b.name(), table.name(), b.function().type(),
                        b.definitionJson(), rendered.hash(), rendered.objects()));
            }
            steps.add(new Step(b.name(), action, b.table(), b.function().type(), reason == null ? "" : reason, sql,
                    checker.targetDdl().getOrDefault(b.name(), List.of())));
        }

        List<String> statements = new ArrayList<>();
        String catalog = "keep";
        if (version == 0) {
            statements.addAll(Catalog.createStatements());
            catalog = "create";
        } else if (version < Catalog.VERSION) {
            statements.addAll(Catalog.upgradeStatements(version));
            catalog = "upgrade";
        }
        Queue queue = new Queue(pipeline);
        boolean delivered = manifest.bindings().stream().anyMatch(Binding::delivered);
        boolean logical = manifest.capture() == Capture.LOGICAL;
        boolean wantQueue = delivered && !logical;
        boolean haveQueue = version > 0 && Backlog.exists(connection, queue);
        Slot slot = Slot.of(connection, pipeline);
        boolean wantSlot = delivered && logical;
        boolean haveSlot = slot.exists(connection);
        Set<TableName> published = new TreeSet<>();
        List<TableName> replicaFull = new ArrayList<>();
        if (wantSlot) {
            for (Binding b : manifest.bindings()) {
                if (b.delivered()) {
                    published.add(checker.tables().get(b.name()).name());
                }
            }
            replicaFull.addAll(needingFullIdentity(manifest, checker.tables(), published));
        }
        List<String> slotRepairs = wantSlot && haveSlot ? slot.repairStatements(connection, published) : List.of();
        String slotAction = wantSlot ? (haveSlot ? (slotRepairs.isEmpty() ? "keep" : "repair") : "create")
                : (haveSlot ? "drop" : "none");
        List<String> queueRepairs = wantQueue && haveQueue ? queue.repairStatements(connection) : List.of();
        String queueAction = wantQueue ? (haveQueue ? (queueRepairs.isEmpty() ? "keep" : "repair") : "create")
                : (haveQueue ? "drop" : "none");
        List<String> warnings = new ArrayList<>();
        if (haveQueue) {
            Map<String, Long> pending = Backlog.pendingByBinding(connection, queue);
            for (Step s : steps) {
                long n = pending.getOrDefault(s.binding(), 0L);
                if (s.action() == Action.DROP && n > 0) {
                    warnings.add(n + " undelivered changes of binding '" + s.binding() + "' would be discarded");
                }
            }
        }
        boolean changes = steps.stream().anyMatch(s -> s.action() != Action.KEEP) || !queueAction.equals(
                haveQueue ? "keep" : "none") || !slotAction.equals(haveSlot ? "keep" : "none") || !replicaFull.isEmpty();
        if (changes || version == 0 || !Catalog.hasPipeline(connection, pipeline)) {
            statements.add(Catalog.upsertPipeline(pipeline, copisteVersion));
        }
        List<String> prelude = new ArrayList<>();
        List<String> replicaStatements = replicaFull.stream().map(t -> "ALTER TABLE " + t.sql() + " REPLICA IDENTITY FULL")
                .toList();
        if (slotAction.equals("create")) {
            // one transaction, then the slot: a publication left by a failed install goes; the tables log whole old
            // rows before they are published, so no writer ever meets a published table it cannot update
            prelude.add("DROP PUBLICATION IF EXISTS " + slot.publication());
            prelude.addAll(replicaStatements);
            prelude.add(slot.createPublicationStatement(published));
            prelude.add(slot.createSlotStatement());
        }
        // what the other capture mode left goes first, so a pipeline switching modes gets a fresh consumer row
        if (queueAction.equals("drop")) {
            statements.addAll(queue.dropStatements());
        }
        if (slotAction.equals("drop")) {
            statements.addAll(slot.dropStatements());
        }
        if (queueAction.equals("create")) {
            statements.addAll(queue.createStatements());
        }
        statements.addAll(queueRepairs);
        if (slotAction.equals("create")) {
            statements.add(slot.consumerStatement());
        }
        statements.addAll(slotRepairs);
        if (!slotAction.equals("create")) {
            statements.addAll(replicaStatements);
        }
        steps.forEach(s -> statements.addAll(s.statements()));
        if (slotAction.equals("drop")) {
            statements.add(slot.dropSlotStatement());   // not transactional: last
        }
        return new Plan(pipeline, database, catalog, queueAction, slotAction, replicaFull, steps, prelude, statements,
                warnings);
    }

    /**
     * The published tables whose old rows logical capture would not see whole enough: a function needs the old
     * row, the binding's key is not the primary key, or there is no primary key (PostgreSQL would then refuse the
     * table's updates and deletes once published). Tables already {@code REPLICA IDENTITY FULL} are left alone.
     */
    private List<TableName> needingFullIdentity(Manifest manifest, Map<String, TableInfo> tables, Set<TableName> published)
            throws SQLException {
        List<TableName> out = new ArrayList<>();
        for (TableName t : published) {
            TableInfo info = null;
            boolean needs = false;
            for (Binding b : manifest.bindings()) {
                TableInfo ti = tables.get(b.name());
                if (!b.delivered() || !ti.name().equals(t)) {
                    continue;
                }
                info = ti;
                needs |= ((DeliveredFunction) b.function().definition()).needsOldRow()
                        || !b.keyOn(ti).equals(ti.primaryKey());
            }
            char identity = replicaIdentity(info.oid());
            if (identity != 'f' && (needs || info.primaryKey().isEmpty() || identity != 'd')) {
                out.add(t);
            }
        }
        return out;
    }

    private char replicaIdentity(long oid) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT relreplident FROM pg_catalog.pg_class WHERE oid = ?")) {
            ps.setLong(1, oid);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1).charAt(0);
            }
        }
    }

    /** The plan that removes a pipeline, and copiste's schema with the last pipeline. */
    Plan uninstall(String pipeline) throws SQLException {
        int version = Catalog.version(connection);
        if (version == 0 || !Catalog.hasPipeline(connection, pipeline)) {
            return new Plan(pipeline, database, version == 0 ? "absent" : "keep", "none", "none", List.of(), List.of(),
                    List.of(), List.of(),
                    List.of());
        }
        List<Step> steps = new ArrayList<>();
        List<String> statements = new ArrayList<>();
        for (Installed old : Catalog.bindings(connection, pipeline)) {
            List<String> sql = dropObjects(old);
            steps.add(new Step(old.name(), Action.DROP, old.table(), old.functionType(), "uninstall", sql, List.of()));
            statements.addAll(sql);
        }
        Queue queue = new Queue(pipeline);
        List<String> warnings = new ArrayList<>();
        boolean haveQueue = Backlog.exists(connection, queue);
        if (haveQueue) {
            Backlog backlog = Backlog.read(connection, queue);
            if (backlog.daemonPid().isPresent()) {
                warnings.add("copiste run is delivering this pipeline (server process " + backlog.daemonPid().getAsInt()
                        + ", " + backlog.daemonFrom() + "); stop it first");
            }
            if (backlog.events() > 0) {
                warnings.add(backlog.events() + " undelivered changes would be discarded");
            }
            statements.addAll(queue.dropStatements());
        }
        Slot slot = Slot.of(connection, pipeline);
        Optional<Slot.State> slotState = slot.state(connection);
        if (slotState.isPresent()) {
            if (slotState.get().activePid() != 0) {
                warnings.add("copiste run is reading this pipeline's replication slot (server process "
                        + slotState.get().activePid() + "); stop it first");
            }
            statements.addAll(slot.dropStatements());
        } else if (slot.publicationExists(connection)) {
            statements.add(slot.dropPublicationStatement());   // left by an install that failed half way
        }
        statements.add(Catalog.deletePipeline(pipeline));
        boolean last = Catalog.pipelines(connection).equals(List.of(pipeline));
        if (last) {
            statements.addAll(Catalog.dropStatements());
        }
        if (slotState.isPresent()) {
            statements.add(slot.dropSlotStatement());
        }
        return new Plan(pipeline, database, last ? "drop" : "keep", haveQueue ? "drop" : "none",
                slotState.isPresent() ? "drop" : "none", List.of(), steps, List.of(), statements, warnings);
    }

    /** Drops a binding's recorded objects; triggers on a table that no longer exists went with it. */
    private List<String> dropObjects(Installed old) throws SQLException {
        Optional<TableName> current = Introspector.nameOf(connection, old.tableOid());
        List<String> sql = new ArrayList<>();
        for (DbObject o : old.objects()) {
            if (o.kind().equals(DbObject.TRIGGER) && current.isEmpty()) {
                continue;
            }
            sql.add(o.dropSql(current.orElse(null)));
        }
        return sql;
    }

    /** Why an up-to-date binding needs repair, or {@code null} if all its objects are in place. */
    private String missing(Installed old, TableInfo table) throws SQLException {
        if (old.tableOid() != table.oid()) {
            return "table " + table.name() + " was recreated";
        }
        for (DbObject o : old.objects()) {
            if (!Catalog.exists(connection, o, old.tableOid())) {
                return o.kind() + " " + o.name() + " is missing";
            }
        }
        return null;
    }
}
