package io.copiste.slony.topology;

import io.copiste.slony.ClusterState;
import io.copiste.slony.Command;
import io.copiste.slony.SequenceRef;
import io.copiste.slony.TableRef;
import io.copiste.sql.TableName;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Plans one set at a time: creation, a switchover (only when asked), leftover temporary sets, tables and sequences
 * removed or added (directly while nobody subscribes, else through a temporary set subscribed the same way and
 * merged), and subscriptions (new, resubscribed to another provider, forwarding changed, unsubscribed).
 */
final class SetPlanner {
    private final Topology topology;
    private final Live live;
    private final Draft draft;
    private final boolean switchover;
    private final ClusterState state;
    private final Selection selection;
    private final Set<String> resubscribed = new HashSet<>();

    SetPlanner(Topology topology, Live live, Draft draft, boolean switchover) {
        this.topology = topology;
        this.live = live;
        this.draft = draft;
        this.switchover = switchover;
        this.state = live.state().orElse(null);
        this.selection = new Selection(topology, draft);
    }

    void plan(Topology.SetSpec s) {
        ClusterState.ReplicationSet current = state == null ? null : state.set(s.id());
        if (current == null) {
            create(s);
        } else if (current.origin() != s.origin()) {
            move(s, current);
        } else if (current.locked()) {
            draft.refuse("set " + s.id() + " is locked on its origin, node " + s.origin() + " (an interrupted "
                    + "switchover?)", "unlock it (SlonyCluster.unlockSet(" + s.id() + ", " + s.origin() + ")), or "
                    + "give the new origin and run apply --switchover to finish the move");
        } else {
            update(s, current.origin());
        }
    }

    /**
     * Only adds tables and sequences among {@code only} that the set's rules choose and that no set has yet, through
     * a temporary set subscribed like the set is now when it has subscribers (a migration hook's work).
     */
    void addOnly(Topology.SetSpec s, Set<TableName> only) {
        ClusterState.ReplicationSet current = state.set(s.id());
        Selection.Chosen chosen = selection.choose(s, live.catalog(current == null ? s.origin()
                : current.origin())).only(only);
        if (chosen.isEmpty()) {
            return;
        }
        if (current == null) {
            draft.note("set " + s.id() + " does not exist yet: " + chosen.describe() + " join it when "
                    + "'copiste slony apply' creates it");
            return;
        }
        int origin = current.origin();
        Map<Integer, ClusterState.Subscription> subscribed = subscriptions(s.id());
        Set<Integer> mine = new HashSet<>(List.of(s.id()));
        state.sets().stream().filter(t -> Draft.temporaryTarget(t.comment()) == s.id()).forEach(t -> mine.add(t.id()));
        Selection.Chosen added = chosen.without(state, mine, s.id(), draft);
        List<Topology.Subscription> like = Selection.inOrder(subscribed).stream().map(subscribed::get)
                .map(x -> new Topology.Subscription(x.receiver(), x.provider(), x.forward(), s.location())).toList();
        checkReceivers(s.id(), like, added, origin);
        if (added.isEmpty()) {
            return;
        }
        if (subscribed.isEmpty()) {
            draft.step("add " + added.describe() + " to set " + s.id(), adds(s.id(), origin, added));
            draft.step("wait until every node has confirmed the changes to set " + s.id(), Draft.waitAll(origin));
        } else {
            throughTemporary(s.id(), origin, added, like);
        }
    }

    private void create(Topology.SetSpec s) {
        Selection.Chosen chosen = selection.choose(s, live.catalog(s.origin()));
        List<Command> commands = new ArrayList<>();
        commands.add(new Command.CreateSet(s.id(), s.origin(), s.comment()));
        commands.addAll(adds(s.id(), s.origin(), chosen));
        draft.step("create set " + s.id() + " on node " + s.origin() + " with " + chosen.describe(), commands);
        checkReceivers(s.id(), s.subscriptions(), chosen, s.origin());
        for (Topology.Subscription sub : Selection.inOrder(s)) {
            subscribe(s.id(), sub, s.origin(), "");
        }
    }

    private void move(Topology.SetSpec s, ClusterState.ReplicationSet current) {
        int from = current.origin();
        if (!switchover) {
            draft.refuse("set " + s.id() + ": its origin is node " + from + ", the topology says node " + s.origin()
                    + ": moving the origin is a switchover", "run apply --switchover to lock set " + s.id()
                    + " on node " + from + " and move it to node " + s.origin() + " (writes to its tables must then "
                    + "go to node " + s.origin() + "), or write 'origin: " + from + "' (" + s.location() + ")");
            return;
        }
        boolean subscribed = state.subscriptions().stream().anyMatch(x -> x.set() == s.id()
                && x.receiver() == s.origin() && x.active() && x.forward());
        if (!subscribed) {
            draft.refuse("set " + s.id() + ": node " + s.origin() + " cannot become its origin: it does not "
                    + "subscribe to the set with forwarding", "apply a topology where node " + s.origin()
                    + " subscribes to set " + s.id() + " (forward: true) first, then move the origin");
            return;
        }
        List<Command> commands = new ArrayList<>();
        if (!current.locked()) {
            commands.add(new Command.LockSet(s.id(), from));
        }
        commands.add(new Command.MoveSet(s.id(), from, s.origin()));
        commands.add(Draft.waitAll(from));
        draft.step("switch set " + s.id() + " over from node " + from + " to node " + s.origin()
                + " (writes to its tables go to node " + s.origin() + " from now on)", commands);
        draft.note("set " + s.id() + ": its tables and subscriptions are planned again once the switchover is done");
        draft.deferred = true;
    }

    private void update(Topology.SetSpec s, int origin) {
        Map<Integer, ClusterState.Subscription> current = subscriptions(s.id());
        List<ClusterState.ReplicationSet> temporaries = state.sets().stream()
                .filter(t -> Draft.temporaryTarget(t.comment()) == s.id()).toList();
        temporaries.forEach(t -> finishTemporary(s.id(), t.id(), origin, current));
        Set<Integer> mine = new HashSet<>(List.of(s.id()));
        temporaries.forEach(t -> mine.add(t.id()));
        Selection.Chosen chosen = selection.choose(s, live.catalog(origin));
        boolean changed = removals(s, origin, mine, chosen);
        Selection.Chosen added = chosen.without(state, mine, s.id(), draft);
        checkReceivers(s.id(), s.subscriptions(), added, origin);
        if (current.isEmpty() && !added.isEmpty()) {
            draft.step("add " + added.describe() + " to set " + s.id(), adds(s.id(), origin, added));
            changed = true;
        }
        changed |= subscriptions(s, origin, current);
        if (!current.isEmpty() && !added.isEmpty()) {
            throughTemporary(s.id(), origin, added, Selection.inOrder(s));
        } else if (changed) {
            draft.step("wait until every node has confirmed the changes to set " + s.id(), Draft.waitAll(origin));
        }
    }

    /** Tables and sequences of the set (or its temporary sets) that the topology no longer selects. */
    private boolean removals(Topology.SetSpec s, int origin, Set<Integer> mine, Selection.Chosen chosen) {
        boolean any = false;
        for (ClusterState.Table t : state.tables()) {
            if (mine.contains(t.set()) && !chosen.hasTable(t.name())) {
                // the SYNC first: what was committed before the removal still reaches the subscribers
                draft.step("remove table " + t.name() + " from set " + s.id() + " (it stays, unreplicated, on "
                        + "every node)", new Command.Sync(origin), new Command.SetDropTable(t.id(), origin));
                any = true;
            }
        }
        for (ClusterState.Sequence q : state.sequences()) {
            if (mine.contains(q.set()) && !chosen.hasSequence(q.name())) {
                draft.step("remove sequence " + q.name() + " from set " + s.id(),
                        new Command.SetDropSequence(q.id(), origin));
                any = true;
            }
        }
        return any;
    }

    /** New, changed and removed subscriptions, providers first; returns whether any event needs waiting for. */
    private boolean subscriptions(Topology.SetSpec s, int origin, Map<Integer, ClusterState.Subscription> current) {
        boolean changed = false;
        for (Topology.Subscription want : Selection.inOrder(s)) {
            ClusterState.Subscription has = current.get(want.receiver());
            if (has == null) {
                subscribe(s.id(), want, origin, "");
                continue;
            }
            if (has.provider() != want.provider() && resubscribed.add(origin + ">" + want.receiver())) {
                draft.step("make node " + want.receiver() + " take the sets of origin " + origin + " from node "
                        + want.provider() + " instead of node " + has.provider() + " (resubscribe)",
                        new Command.ResubscribeNode(origin, want.provider(), want.receiver()), Draft.waitAll(origin));
            }
            if (has.forward() != want.forward()) {
                subscribe(s.id(), want, origin, " again, " + (want.forward() ? "forwarding" : "not forwarding"));
            }
            if (!has.active()) {
                draft.step("wait until node " + want.receiver() + " has copied set " + s.id(),
                        new Command.Sync(origin), new Command.WaitForEvent(origin, want.receiver(), Duration.ZERO));
            }
        }
        for (ClusterState.Subscription has : current.values()) {
            if (s.subscription(has.receiver()).isEmpty() && topology.node(has.receiver()).isPresent()) {
                draft.step("unsubscribe node " + has.receiver() + " from set " + s.id() + " (its copy of the tables "
                        + "stays, no longer updated)", new Command.UnsubscribeSet(s.id(), has.receiver()),
                        Draft.waitAll(has.receiver()));
                changed = true;
            }
        }
        return changed;
    }

    private void subscribe(int set, Topology.Subscription sub, int origin, String how) {
        draft.step("subscribe node " + sub.receiver() + " to set " + set + " from node " + sub.provider() + how
                + (how.isEmpty() ? " (copies the set's data)" : ""),
                new Command.SubscribeSet(set, sub.provider(), sub.receiver(), sub.forward(), false, origin));
    }

    /** New tables of a subscribed set: a temporary set, subscribed like the set, then merged into it. */
    private void throughTemporary(int set, int origin, Selection.Chosen added, List<Topology.Subscription> like) {
        int temporary = draft.temporarySetId();
        List<Command> commands = new ArrayList<>();
        commands.add(new Command.CreateSet(temporary, origin, Draft.TEMPORARY + set));
        commands.addAll(adds(temporary, origin, added));
        draft.step("create temporary set " + temporary + " on node " + origin + " with " + added.describe()
                + " for set " + set + " (Slony cannot add tables to a subscribed set)", commands);
        for (Topology.Subscription sub : like) {
            subscribe(temporary, sub, origin, "");
        }
        draft.step("merge temporary set " + temporary + " into set " + set,
                new Command.MergeSet(set, temporary, origin), Draft.waitAll(origin));
    }

    /** A temporary set left by an interrupted apply: subscribe it like its set, then merge it. */
    private void finishTemporary(int set, int temporary, int origin, Map<Integer, ClusterState.Subscription> like) {
        Map<Integer, ClusterState.Subscription> has = subscriptions(temporary);
        for (int receiver : Selection.inOrder(like)) {
            ClusterState.Subscription sub = like.get(receiver);
            if (!has.containsKey(receiver)) {
                draft.step("subscribe node " + receiver + " to temporary set " + temporary + " from node "
                        + sub.provider() + " (left by an interrupted apply)", new Command.SubscribeSet(temporary,
                        sub.provider(), receiver, sub.forward(), false, origin));
            }
        }
        draft.step("merge temporary set " + temporary + " into set " + set,
                new Command.MergeSet(set, temporary, origin), Draft.waitAll(origin));
    }

    /** Sets the topology no longer lists (temporary sets of listed sets excepted). */
    void dropUnlisted() {
        if (state == null) {
            return;
        }
        for (ClusterState.ReplicationSet s : state.sets()) {
            int target = Draft.temporaryTarget(s.comment());
            if (topology.set(s.id()).isPresent() || target > 0 && topology.set(target).isPresent()) {
                continue;
            }
            if (topology.node(s.origin()).isEmpty()) {
                continue; // refused with the node's removal
            }
            draft.step("drop set " + s.id() + " (not in the topology: its tables stay, no longer replicated)",
                    new Command.DropSet(s.id(), s.origin()), Draft.waitAll(s.origin()));
        }
    }

    private List<Command> adds(int set, int origin, Selection.Chosen chosen) {
        List<Command> commands = new ArrayList<>();
        for (TableRef t : chosen.tables()) {
            commands.add(new Command.SetAddTable(set, origin, t));
        }
        for (SequenceRef q : chosen.sequences()) {
            commands.add(new Command.SetAddSequence(set, origin, q));
        }
        return commands;
    }

    /** Slony copies rows, not definitions: every receiver must have the tables and sequences already. */
    private void checkReceivers(int set, List<Topology.Subscription> receivers, Selection.Chosen chosen,
                                int origin) {
        for (Topology.Subscription sub : receivers) {
            var catalog = live.catalog(sub.receiver());
            List<TableName> missing = new ArrayList<>();
            chosen.tables().stream().map(TableRef::name).filter(n -> !catalog.hasTable(n)).forEach(missing::add);
            chosen.sequences().stream().map(SequenceRef::name).filter(n -> !catalog.hasSequence(n))
                    .forEach(missing::add);
            if (!missing.isEmpty()) {
                draft.refuse("set " + set + ": node " + sub.receiver() + " subscribes to it but has no " + missing,
                        "create them on node " + sub.receiver() + " with the same definitions as on node " + origin
                                + " (Slony copies rows, not definitions), then plan again");
            }
        }
    }

    private Map<Integer, ClusterState.Subscription> subscriptions(int set) {
        Map<Integer, ClusterState.Subscription> out = new LinkedHashMap<>();
        state.subscriptions().stream().filter(x -> x.set() == set).forEach(x -> out.put(x.receiver(), x));
        return out;
    }
}
