package io.copiste.slony;

import io.copiste.slony.Command.*;

import java.time.Duration;

/** execute script, sync, wait for event, repair config. */
final class ScriptOps {
    private final Engine engine;
    private final SetOps sets;

    ScriptOps(Engine engine, SetOps sets) {
        this.engine = engine;
        this.sets = sets;
    }

    /**
     * Runs each statement on the event node through {@code ddlCapture()}, which also queues it in
     * {@code sl_log_script} so every subscriber runs it at the same point of the replication stream, then
     * {@code ddlScript_complete()}; one transaction. Slony 2.2 makes no event for a script: copiste submits a SYNC
     * right after it and returns that SYNC, whose confirmation means a node has applied the script.
     */
    Event execute(ExecuteScript c) {
        String nodes = c.onlyOnNode() > 0 ? Integer.toString(c.onlyOnNode()) : null;
        var statements = SqlScript.split(c.sql());
        if (statements.isEmpty()) {
            throw new IllegalArgumentException("execute script: the script has no statement");
        }
        engine.checkNodeId(c.eventNode());
        engine.sessions.get(c.eventNode()).transaction("execute the script", conn -> {
            for (String statement : statements) {
                Jdbc.queryLong(conn, 0, "SELECT " + engine.q("ddlCapture") + "(?, ?::text)", statement, nodes);
            }
            return Jdbc.queryLong(conn, 0, "SELECT " + engine.q("ddlScript_complete") + "(?::text)", nodes);
        });
        return sets.sync(c.eventNode(), true);
    }

    Event sync(Sync c) {
        return sets.sync(c.node(), true);
    }

    /** Waits for the last event this session generated on the origin; a zero timeout means the default one. */
    Event waitFor(WaitForEvent c) {
        long last = engine.sessions.get(c.origin()).lastEvent;
        if (last < 0) {
            throw Failures.refused(c.origin(), "wait for event: nothing was submitted to node " + c.origin()
                    + " in this session", "wait for the Event an operation returned instead");
        }
        Event event = new Event(c.origin(), last);
        engine.waiter.waitFor(event, c.confirmedBy(), c.timeout().isZero() ? engine.options.timeout() : c.timeout());
        return event;
    }

    /** Waits for an event the caller holds. */
    void waitFor(Event event, int confirmedBy, Duration timeout) {
        engine.waiter.waitFor(event, confirmedBy, timeout);
    }

    /**
     * Slony 2.2's {@code updateReloid()} repairs the event node's own catalog and makes no event: it returns 1 when
     * it repaired, 0 when the node is neither origin nor subscriber of the set. Run it on each restored node.
     */
    Event repairConfig(RepairConfig c) {
        engine.sessions.get(c.eventNode()).transaction("repair the configuration of set " + c.set(), conn -> {
            engine.lockConfig(conn);
            return Jdbc.queryLong(conn, 0, "SELECT " + engine.q("updateReloid") + "(?, ?)", c.set(),
                    c.onlyOnNode() > 0 ? c.onlyOnNode() : -1);
        });
        return Event.NONE;
    }
}
