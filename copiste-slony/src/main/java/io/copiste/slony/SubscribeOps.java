package io.copiste.slony;

import io.copiste.slony.Command.*;

import java.util.List;

/** subscribe / unsubscribe set, resubscribe node, lock / unlock / move set. */
final class SubscribeOps {
    private final Engine engine;

    SubscribeOps(Engine engine) {
        this.engine = engine;
    }

    /**
     * Submits SUBSCRIBE_SET on the set's origin (which creates ENABLE_SUBSCRIPTION in the same transaction), then
     * waits until the receiver has confirmed ENABLE_SUBSCRIPTION, which it does once it has copied the set's data.
     * Slony's {@code subscribeSet()} returns the set id, not an event number, so the event is read back from
     * {@code sl_event} inside the transaction, under the event lock.
     *
     * @return the ENABLE_SUBSCRIPTION event, already confirmed by the receiver
     */
    Event subscribe(SubscribeSet c) {
        engine.checkNodeId(c.provider());
        engine.waiter.configCaughtUp(c.provider(), -1);
        NodeSession provider = engine.sessions.get(c.provider());
        List<Object[]> rows = provider.transaction("read set " + c.set(), conn -> Jdbc.rows(conn,
                "SELECT set_origin, EXISTS (SELECT 1 FROM " + engine.q("sl_subscribe") + " WHERE sub_set = ? AND"
                        + " sub_receiver = ? AND sub_active AND sub_provider <> ?) FROM " + engine.q("sl_set")
                        + " WHERE set_id = ?", c.set(), c.receiver(), c.provider(), c.set()));
        if (rows.isEmpty()) {
            throw Failures.refused(c.provider(), "subscribe set " + c.set() + ": node " + c.provider()
                    + " knows no such set", "create the set first, or wait until node " + c.provider()
                    + " has heard of it");
        }
        int origin = ((Number) rows.get(0)[0]).intValue();
        boolean reshape = Boolean.TRUE.equals(rows.get(0)[1]);
        checkSubscription(c, origin);
        Event event = engine.submit(origin, false, "subscribe node " + c.receiver() + " to set " + c.set(), conn -> {
            engine.lockEventAndConfig(conn);
            Jdbc.queryLong(conn, 0, "SELECT " + engine.q("subscribeSet") + "(?, ?, ?, ?, ?)", c.set(),
                    c.provider(), c.receiver(), c.forward(), c.omitCopy());
            // subscribeSet() returns the set id: read the last event it created (we hold sl_event_lock)
            return Jdbc.queryLong(conn, -1, "SELECT max(ev_seqno) FROM " + engine.q("sl_event")
                    + " WHERE ev_origin = ?", origin);
        });
        if (reshape) {
            reshape(origin, c.provider(), c.receiver());
        }
        engine.waiter.waitFor(event, c.receiver(), engine.options.timeout());
        return event;
    }

    /** Checks that Slony would accept (or that slon could carry out) the subscription, before anything changes. */
    private void checkSubscription(SubscribeSet c, int origin) {
        if (c.receiver() == origin) {
            throw Failures.refused(c.receiver(), "subscribe set " + c.set() + ": node " + c.receiver()
                    + " is the set's origin and cannot subscribe to it", "subscribe another node");
        }
        if (c.origin() > 0 && c.origin() != origin) {
            throw Failures.refused(c.provider(), "subscribe set " + c.set() + ": its origin is node " + origin
                    + ", not node " + c.origin(), "give origin " + origin + ", or 0 to let copiste find it");
        }
        List<Object[]> rows = engine.sessions.get(origin).transaction("check the subscription", conn -> Jdbc.rows(
                conn, "SELECT (SELECT count(*) FROM " + engine.q("sl_node") + " WHERE no_id IN (?, ?)),"
                        + " EXISTS (SELECT 1 FROM " + engine.q("sl_path") + " WHERE pa_server = ? AND pa_client = ?)",
                c.provider(), c.receiver(), c.provider(), c.receiver()));
        if (((Number) rows.get(0)[0]).intValue() < 2) {
            throw Failures.refused(origin, "subscribe set " + c.set() + ": node " + c.provider() + " or node "
                    + c.receiver() + " is not a member of the cluster (as node " + origin + " sees it)",
                    "store the node first (storeNode), and its paths");
        }
        if (!Boolean.TRUE.equals(rows.get(0)[1])) {
            throw Failures.refused(origin, "subscribe set " + c.set() + ": node " + c.receiver()
                    + " has no path to its provider, node " + c.provider() + ", so its slon could never copy the set",
                    "storePath(" + c.provider() + ", " + c.receiver() + ", conninfo, 10) first");
        }
    }

    /**
     * Unsubscribes on the receiver and, at the same commit, restarts the receiver's slon (slonik's RESTART NODE).
     * Without the restart, a SYNC that slon 2.2 was applying when the set's sequences were dropped fails with
     * "sequenceSetValue(): sequence N not found" and is retried forever with the stale set list, so the receiver
     * never confirms another event of that origin (seen in TopologyIT under load).
     */
    Event unsubscribe(UnsubscribeSet c) {
        return engine.submit(c.receiver(), false, "unsubscribe node " + c.receiver() + " from set " + c.set(),
                conn -> {
                    engine.lockEventAndConfig(conn);
                    long event = Jdbc.queryLong(conn, -1, "SELECT " + engine.q("unsubscribeSet") + "(?, ?, false)",
                            c.set(), c.receiver());
                    engine.notifyRestart(conn);
                    return event;
                });
    }

    Event resubscribe(ResubscribeNode c) {
        engine.waiter.configCaughtUp(c.provider(), -1);
        Event event = engine.call(c.origin(), "resubscribe node " + c.receiver() + " to node " + c.provider(),
                "resubscribeNode", c.origin(), c.provider(), c.receiver());
        reshape(c.origin(), c.provider(), c.receiver());
        return event;
    }

    /** Tells the receiver directly that its provider changed, as slonik does. */
    private void reshape(int origin, int provider, int receiver) {
        engine.sessions.get(receiver).transaction("reshape the subscriptions of node " + receiver, conn -> {
            engine.lockConfig(conn);
            return Jdbc.queryLong(conn, 0, "SELECT " + engine.q("reshapeSubscription") + "(?, ?, ?)", origin,
                    provider, receiver);
        });
    }

    /**
     * Puts the deny-writes trigger on the set's tables, then waits until every transaction that was running when
     * it was placed has ended (slonik's rule), so no write of the old origin can be missed by a move.
     */
    Event lock(LockSet c) {
        NodeSession origin = engine.sessions.get(c.origin());
        long xmax = origin.transaction("lock set " + c.set(), conn -> {
            engine.lockConfig(conn);
            Jdbc.queryLong(conn, 0, "SELECT " + engine.q("lockSet") + "(?)", c.set());
            return Jdbc.queryLong(conn, 0, "SELECT pg_catalog.txid_snapshot_xmax(pg_catalog.txid_current_snapshot())");
        });
        engine.waiter.poll("transactions older than the lock of set " + c.set() + " to end",
                engine.options.timeout(), () -> origin.transaction("read the snapshot", conn -> Jdbc.queryLong(conn,
                        0, "SELECT pg_catalog.txid_snapshot_xmin(pg_catalog.txid_current_snapshot())")) >= xmax,
                () -> "xmin below " + xmax, "a long transaction is still open on node " + c.origin()
                        + "; unlockSet to give up");
        return Event.NONE;
    }

    Event unlock(UnlockSet c) {
        engine.sessions.get(c.origin()).transaction("unlock set " + c.set(), conn -> {
            engine.lockEventAndConfig(conn);
            return Jdbc.queryLong(conn, 0, "SELECT " + engine.q("unlockSet") + "(?)", c.set());
        });
        return Event.NONE;
    }

    Event move(MoveSet c) {
        return engine.call(c.oldOrigin(), "move set " + c.set() + " to node " + c.newOrigin(), "moveSet",
                c.set(), c.newOrigin());
    }
}
