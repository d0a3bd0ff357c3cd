package io.copiste.slony;

import io.copiste.slony.Command.*;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A Slony-I cluster operated from Java: one method per slonik command, each running against the right node(s) over
 * JDBC with Slony's event-generating functions, slonik's locks and slonik's waiting rules, in a transaction rolled
 * back on failure. Every method returns the {@link Event} it generated ({@link Event#NONE} when the command makes
 * none), so the caller can {@link #waitFor} it.
 *
 * <pre>{@code
 * try (SlonyCluster slony = SlonyCluster.connect(ClusterName.of("shop"), nodes, SlonyOptions.defaults())) {
 *     slony.initCluster(1);
 *     for (Node n : nodes.subList(1, nodes.size())) slony.storeNode(n.id(), 1);
 *     for (Node server : nodes) for (Node client : nodes)
 *         if (server != client) slony.storePath(server.id(), client.id());
 *     ...
 * }
 * }</pre>
 *
 * <p>A {@linkplain #dryRun dry run} connects nowhere: it records the commands and {@link #script()} renders them as
 * the equivalent slonik script. A live cluster records them too. FAILOVER runs through the installed {@code slonik}
 * (see {@link SlonikRunner}); everything else runs directly.
 *
 * <p>Blocking: methods return when their transaction has committed and their implied waits are over (each bounded
 * by {@link SlonyOptions#timeout()}). Not thread-safe: use one instance per thread. Closing it closes the
 * connections.
 */
public final class SlonyCluster implements AutoCloseable {
    private final ClusterName name;
    private final Map<Integer, Node> nodes = new TreeMap<>();
    private final LiveRunner live;
    private final List<Command> commands = new ArrayList<>();

    private SlonyCluster(ClusterName name, Collection<Node> nodes, LiveRunner live) {
        this.name = name;
        nodes.forEach(n -> this.nodes.put(n.id(), n));
        this.live = live;
    }

    /** A cluster whose nodes copiste reaches with their admin conninfo; connections open on first use. */
    public static SlonyCluster connect(ClusterName name, Collection<Node> nodes, SlonyOptions options) {
        return new SlonyCluster(name, nodes, new LiveRunner(new Engine(name, new Sessions(nodes), options)));
    }

    /** A cluster that only records commands, for {@link #script()}. */
    public static SlonyCluster dryRun(ClusterName name, Collection<Node> nodes) {
        new Sessions(nodes).close(); // same checks on the node list as a live cluster
        return new SlonyCluster(name, nodes, null);
    }

    public ClusterName name() {
        return name;
    }

    public boolean isDryRun() {
        return live == null;
    }

    /** Every command run (or recorded) so far, in order. */
    public List<Command> commands() {
        return List.copyOf(commands);
    }

    /** The commands so far as a slonik script, with this cluster's preamble. */
    public String script() {
        return SlonikScript.render(name, nodes.values(), commands);
    }

    /**
     * Runs one command (or records it, in a dry run, returning an event with an unknown sequence number on the node
     * it would be generated on).
     */
    public Event run(Command command) {
        commands.add(command);
        return live == null ? DryRun.event(command) : live.run(command);
    }

    public Event initCluster(int node) {
        return run(new InitCluster(node, comment(node)));
    }

    public Event storeNode(int node, int eventNode) {
        return run(new StoreNode(node, comment(node), eventNode));
    }

    public Event dropNode(int node, int eventNode) {
        return run(new DropNode(node, eventNode));
    }

    public Event uninstallNode(int node) {
        return run(new UninstallNode(node));
    }

    public Event restartNode(int node) {
        return run(new RestartNode(node));
    }

    /** Loads the functions of the installed Slony version into the node, upgrading its schema. */
    public Event updateFunctions(int node) {
        return run(new UpdateFunctions(node));
    }

    public Event clonePrepare(int node, int provider) {
        return run(new ClonePrepare(node, provider, comment(node)));
    }

    public Event cloneFinish(int node, int provider) {
        return run(new CloneFinish(node, provider));
    }

    /** A path whose conninfo is the server's admin conninfo (the common case on one network). */
    public Event storePath(int server, int client) {
        Node node = nodes.get(server);
        if (node == null) {
            throw Failures.refused(server, "store path: node " + server + " has no admin conninfo to use as path",
                    "give the conninfo: storePath(" + server + ", " + client + ", conninfo, 10)");
        }
        return storePath(server, client, node.admin(), 10);
    }

    public Event storePath(int server, int client, Conninfo conninfo, int connectRetrySeconds) {
        return run(new StorePath(server, client, conninfo, connectRetrySeconds));
    }

    public Event dropPath(int server, int client, int eventNode) {
        return run(new DropPath(server, client, eventNode));
    }

    public Event storeListen(int origin, int provider, int receiver) {
        return run(new StoreListen(origin, provider, receiver));
    }

    public Event dropListen(int origin, int provider, int receiver) {
        return run(new DropListen(origin, provider, receiver));
    }

    public Event createSet(int set, int origin, String comment) {
        return run(new CreateSet(set, origin, comment));
    }

    public Event dropSet(int set, int origin) {
        return run(new DropSet(set, origin));
    }

    /** Merges set {@code add} into {@code set}; waits first until neither has a subscription in progress. */
    public Event mergeSet(int set, int add, int origin) {
        return run(new MergeSet(set, add, origin));
    }

    public Event setAddTable(int set, int origin, TableRef table) {
        return run(new SetAddTable(set, origin, table));
    }

    /**
     * Adds tables the caller chose (from a file, the catalog, an ORM) in one transaction: all are checked first
     * (existing, with a usable key, set not subscribed), then all are added, or none.
     */
    public Event setAddTables(int set, int origin, List<TableRef> tables) {
        List<Command> each = tables.stream().map(t -> (Command) new SetAddTable(set, origin, t)).toList();
        commands.addAll(each);
        return live == null ? new Event(origin, -1) : live.sets().addTables(set, origin, tables);
    }

    /** Adds every base table whose {@code schema.name} matches a POSIX regular expression (slonik's tables=). */
    public Event setAddTables(int set, int origin, String pattern) {
        return run(new SetAddTables(set, origin, pattern));
    }

    public Event setDropTable(int table, int origin) {
        return run(new SetDropTable(table, origin));
    }

    public Event setMoveTable(int table, int newSet, int origin) {
        return run(new SetMoveTable(table, newSet, origin));
    }

    public Event setAddSequence(int set, int origin, SequenceRef sequence) {
        return run(new SetAddSequence(set, origin, sequence));
    }

    /** Adds every sequence whose {@code schema.name} matches a POSIX regular expression. */
    public Event setAddSequences(int set, int origin, String pattern) {
        return run(new SetAddSequences(set, origin, pattern));
    }

    public Event setDropSequence(int sequence, int origin) {
        return run(new SetDropSequence(sequence, origin));
    }

    public Event setMoveSequence(int sequence, int newSet, int origin) {
        return run(new SetMoveSequence(sequence, newSet, origin));
    }

    /**
     * Subscribes {@code receiver} to a set from {@code provider} and returns once the receiver has copied the set
     * (Slony's {@code subscribeSet()} itself returns a set id, not an event, and does not wait).
     *
     * @return the ENABLE_SUBSCRIPTION event the origin generated, already confirmed by the receiver
     */
    public Event subscribeSet(int set, int provider, int receiver, boolean forward) {
        return run(new SubscribeSet(set, provider, receiver, forward, false, originOf(set)));
    }

    public Event unsubscribeSet(int set, int receiver) {
        return run(new UnsubscribeSet(set, receiver));
    }

    public Event resubscribeNode(int origin, int provider, int receiver) {
        return run(new ResubscribeNode(origin, provider, receiver));
    }

    /** Blocks writes to the set's tables on its origin and waits for older transactions to end. */
    public Event lockSet(int set, int origin) {
        return run(new LockSet(set, origin));
    }

    public Event unlockSet(int set, int origin) {
        return run(new UnlockSet(set, origin));
    }

    /** Moves a locked set to a new origin (the switchover's second step). */
    public Event moveSet(int set, int oldOrigin, int newOrigin) {
        return run(new MoveSet(set, oldOrigin, newOrigin));
    }

    /** Declares {@code failed} dead and moves its sets to {@code backup}, through the installed slonik. */
    public Event failover(int failed, int backup) {
        return run(new Failover(failed, backup));
    }

    /** Runs SQL on every node at the same point of the replication stream; returns the SYNC that carries it. */
    public Event executeScript(String sql, int eventNode) {
        return run(new ExecuteScript(sql, eventNode, 0));
    }

    /** Runs SQL on one node only, through the replication stream. */
    public Event executeScriptOnlyOn(String sql, int node) {
        return run(new ExecuteScript(sql, node, node));
    }

    public Event sync(int node) {
        return run(new Sync(node));
    }

    /**
     * Re-reads the OIDs of a set's tables and sequences after a dump and restore, on the event node only: Slony 2.2
     * makes no event for it ({@link Event#NONE}), so run it on each restored node.
     */
    public Event repairConfig(int set, int eventNode) {
        return run(new RepairConfig(set, eventNode, 0));
    }

    /**
     * Waits until {@code confirmedBy} ({@code 0}: every active node) has confirmed {@code event}, reporting
     * progress; fails after {@code timeout} saying which node lags. Returns at once for {@link Event#NONE}.
     */
    public void waitFor(Event event, int confirmedBy, Duration timeout) {
        if (event.generated()) {
            commands.add(new WaitForEvent(event.origin(), confirmedBy, timeout));
        }
        if (live != null) {
            live.scripts().waitFor(event, confirmedBy, timeout);
        }
    }

    /** The cluster as {@code node} sees it: members, paths, listens, sets, tables, subscriptions, lag. */
    public ClusterState state(int node) {
        return new StateReader(liveEngine("read a state")).read(node);
    }

    /**
     * The tables (with whether they have a primary key) and sequences of node {@code node}'s database, for choosing
     * what to replicate. Reads only.
     */
    public Catalog catalog(int node) {
        return new Catalogs(liveEngine("read a catalog")).read(node);
    }

    /**
     * Which node of this cluster the database behind {@code node}'s admin conninfo is: the id kept in its copy of
     * the cluster's schema, or {@code 0} when the schema is not installed there. Reads only.
     */
    public int installedAs(int node) {
        return new Catalogs(liveEngine("look for the cluster's schema")).installedAs(node);
    }

    private Engine liveEngine(String action) {
        if (live == null) {
            throw new IllegalStateException("a dry run connects nowhere: it cannot " + action);
        }
        return live.engine();
    }

    /** The set's origin as the commands of this session tell it (created, moved, failed over), or 0. */
    private int originOf(int set) {
        int origin = 0;
        for (Command c : commands) {
            if (c instanceof CreateSet s && s.set() == set) {
                origin = s.origin();
            } else if (c instanceof MoveSet m && m.set() == set) {
                origin = m.newOrigin();
            } else if (c instanceof Failover f && f.failed() == origin) {
                origin = f.backup();
            }
        }
        return origin;
    }

    private String comment(int node) {
        Node n = nodes.get(node);
        return n == null ? "Node " + node : n.comment();
    }

    @Override
    public void close() {
        if (live != null) {
            live.close();
        }
    }
}
