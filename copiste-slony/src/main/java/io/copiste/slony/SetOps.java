package io.copiste.slony;

import io.copiste.slony.Command.*;
import io.copiste.sql.TableName;

import java.util.ArrayList;
import java.util.List;

/** create / drop / merge set; set add / drop / move table and sequence. */
final class SetOps {
    private final Engine engine;
    private final Tables tables;

    SetOps(Engine engine) {
        this.engine = engine;
        this.tables = new Tables(engine);
    }

    Event createSet(CreateSet c) {
        engine.checkNodeId(c.origin());
        boolean exists = engine.sessions.get(c.origin()).transaction("read sl_set", conn -> Jdbc.exists(conn,
                "SELECT 1 FROM " + engine.q("sl_set") + " WHERE set_id = ?", c.set()));
        if (exists) {
            throw Failures.refused(c.origin(), "create set: set " + c.set() + " already exists",
                    "pick another set id ('copiste slony status' lists the sets)");
        }
        engine.waiter.configCaughtUp(c.origin(), -1);
        return engine.call(c.origin(), "create set " + c.set(), "storeSet", c.set(),
                c.comment() == null || c.comment().isBlank() ? "Set " + c.set() : c.comment());
    }

    Event dropSet(DropSet c) {
        return engine.call(c.origin(), "drop set " + c.set(), "dropSet", c.set());
    }

    /** Waits until neither set has a subscription in progress (slonik's rule), then merges. */
    Event mergeSet(MergeSet c) {
        NodeSession origin = engine.sessions.get(c.origin());
        engine.waiter.poll("subscriptions of sets " + c.set() + " and " + c.add() + " to finish",
                engine.options.timeout(), () -> !origin.transaction("check subscriptions in progress",
                        conn -> Jdbc.exists(conn, "SELECT 1 WHERE " + engine.q("isSubscriptionInProgress")
                                + "(?) OR " + engine.q("isSubscriptionInProgress") + "(?)", c.add(), c.set())),
                () -> "in progress", "check that slon runs for every subscriber of set " + c.add());
        return engine.call(c.origin(), "merge set " + c.add() + " into set " + c.set(), "mergeSet", c.set(), c.add());
    }

    /** Adds one table (slonik's single-table form). */
    Event addTable(SetAddTable c) {
        return addTables(c.set(), c.origin(), List.of(c.table()));
    }

    /** Adds every base table matching the pattern, found on the origin under the configuration locks. */
    Event addTables(SetAddTables c) {
        List<TableName> names = engine.sessions.get(c.origin()).transaction("list tables matching " + c.pattern(),
                conn -> tables.matching(conn, c.pattern(), false));
        List<TableRef> refs = new ArrayList<>();
        // the comment slonik gives tables added by pattern
        names.forEach(n -> refs.add(new TableRef(0, n, null, "replicated table")));
        return addTables(c.set(), c.origin(), refs);
    }

    /**
     * Adds tables in one transaction on the origin after checking them all (set not subscribed, tables exist, keys
     * usable), so that either every table is added or none. Like slonik, first submits a SYNC so the origin has
     * caught up before the configuration lock is held.
     */
    Event addTables(int set, int origin, List<TableRef> refs) {
        tables.checkSet(set, origin, "add a table to");
        tables.checkTables(origin, refs);
        sync(origin, false);
        int nextId = tables.nextId("sl_table", "tab_id");
        List<TableRef> numbered = new ArrayList<>();
        for (TableRef ref : refs) {
            numbered.add(ref.id() > 0 ? ref : new TableRef(nextId++, ref.name(), ref.key(), ref.comment()));
        }
        return engine.submit(origin, false, "add " + refs.size() + " table(s) to set " + set, conn -> {
            engine.lockEventAndConfig(conn);
            long last = -1;
            for (TableRef ref : numbered) {
                String index = Jdbc.queryString(conn, "SELECT " + engine.q("determineIdxnameUnique")
                        + "(?, ?::name)", ref.name().toString(), ref.key());
                last = Jdbc.queryLong(conn, -1, "SELECT " + engine.q("setAddTable")
                        + "(?, ?, ?, ?::name, ?)", set, ref.id(), ref.name().toString(), index, ref.comment());
            }
            return last;
        });
    }

    Event addSequence(SetAddSequence c) {
        return addSequences(c.set(), c.origin(), List.of(c.sequence()));
    }

    Event addSequences(SetAddSequences c) {
        List<TableName> names = engine.sessions.get(c.origin()).transaction("list sequences matching "
                + c.pattern(), conn -> tables.matching(conn, c.pattern(), true));
        List<SequenceRef> refs = new ArrayList<>();
        names.forEach(n -> refs.add(new SequenceRef(0, n, "replicated sequence")));
        return addSequences(c.set(), c.origin(), refs);
    }

    Event addSequences(int set, int origin, List<SequenceRef> refs) {
        tables.checkSet(set, origin, "add a sequence to");
        tables.checkSequences(origin, refs);
        sync(origin, false);
        int nextId = tables.nextId("sl_sequence", "seq_id");
        List<SequenceRef> numbered = new ArrayList<>();
        for (SequenceRef ref : refs) {
            numbered.add(ref.id() > 0 ? ref : new SequenceRef(nextId++, ref.name(), ref.comment()));
        }
        return engine.submit(origin, false, "add " + refs.size() + " sequence(s) to set " + set, conn -> {
            engine.lockEventAndConfig(conn);
            long last = -1;
            for (SequenceRef ref : numbered) {
                last = Jdbc.queryLong(conn, -1, "SELECT " + engine.q("setAddSequence") + "(?, ?, ?, ?)", set,
                        ref.id(), ref.name().toString(), ref.comment());
            }
            return last;
        });
    }

    Event dropTable(SetDropTable c) {
        return engine.call(c.origin(), "drop table " + c.table() + " from its set", "setDropTable", c.table());
    }

    Event moveTable(SetMoveTable c) {
        return engine.call(c.origin(), "move table " + c.table() + " to set " + c.newSet(), "setMoveTable",
                c.table(), c.newSet());
    }

    Event dropSequence(SetDropSequence c) {
        return engine.call(c.origin(), "drop sequence " + c.sequence() + " from its set", "setDropSequence",
                c.sequence());
    }

    Event moveSequence(SetMoveSequence c) {
        return engine.call(c.origin(), "move sequence " + c.sequence() + " to set " + c.newSet(),
                "setMoveSequence", c.sequence(), c.newSet());
    }

    /**
     * A SYNC on {@code node}. slonik's {@code sync} command does not take part in the waiting rules
     * ({@code suppressWait}); the SYNC before adding tables does.
     */
    Event sync(int node, boolean suppressWait) {
        return engine.submit(node, suppressWait, "generate a SYNC", conn -> {
            Jdbc.execute(conn, "LOCK TABLE " + engine.q("sl_event_lock"));
            return Jdbc.queryLong(conn, -1, "SELECT " + engine.q("createEvent") + "(?, 'SYNC')",
                    engine.cluster.namespace());
        });
    }
}
