package io.copiste.slony;

import java.time.Duration;
import java.util.Objects;

/**
 * One slonik command as a value. {@link SlonyCluster} builds these, runs them against the nodes, and renders them
 * as a slonik script for a dry run; a planner (issue 8) can build lists of them and hand them to either.
 *
 * <p>Every record checks its arguments; ids are positive. Where slonik lets an id be computed ("next free table
 * id"), {@code 0} asks for that.
 */
public sealed interface Command {
    /** Installs the Slony schema on node {@code node} and makes it the cluster's first node. */
    record InitCluster(int node, String comment) implements Command {
        public InitCluster {
            Checks.nodeId(node, "node id");
        }
    }

    /** Installs the schema on a new node and announces it from {@code eventNode}. */
    record StoreNode(int node, String comment, int eventNode) implements Command {
        public StoreNode {
            Checks.nodeId(node, "node id");
            Checks.nodeId(eventNode, "event node");
            Checks.distinct(node, eventNode, "store node: the event node must be an existing node, not the new one");
        }
    }

    /** Removes a node from the cluster, announced from {@code eventNode}. */
    record DropNode(int node, int eventNode) implements Command {
        public DropNode {
            Checks.nodeId(node, "node id");
            Checks.nodeId(eventNode, "event node");
            Checks.distinct(node, eventNode, "drop node: the event node must be another node than the dropped one");
        }
    }

    /** Removes the Slony schema (and its triggers) from a node's database; generates no event. */
    record UninstallNode(int node) implements Command {
        public UninstallNode {
            Checks.nodeId(node, "node id");
        }
    }

    /** Asks the node's slon to restart (a NOTIFY); generates no event. */
    record RestartNode(int node) implements Command {
        public RestartNode {
            Checks.nodeId(node, "node id");
        }
    }

    /** Tells {@code client}'s slon how to reach {@code server}. Runs on the client. */
    record StorePath(int server, int client, Conninfo conninfo, int connectRetrySeconds) implements Command {
        public StorePath {
            Checks.nodeId(server, "server");
            Checks.nodeId(client, "client");
            Checks.distinct(server, client, "store path: server and client must differ");
            Objects.requireNonNull(conninfo, "conninfo");
            Checks.nodeId(connectRetrySeconds, "connretry");
        }
    }

    record DropPath(int server, int client, int eventNode) implements Command {
        public DropPath {
            Checks.nodeId(server, "server");
            Checks.nodeId(client, "client");
            Checks.nodeId(eventNode, "event node");
        }
    }

    /** Makes {@code receiver} listen for {@code origin}'s events through {@code provider}. Runs on the receiver. */
    record StoreListen(int origin, int provider, int receiver) implements Command {
        public StoreListen {
            Checks.nodeId(origin, "origin");
            Checks.nodeId(provider, "provider");
            Checks.nodeId(receiver, "receiver");
        }
    }

    record DropListen(int origin, int provider, int receiver) implements Command {
        public DropListen {
            Checks.nodeId(origin, "origin");
            Checks.nodeId(provider, "provider");
            Checks.nodeId(receiver, "receiver");
        }
    }

    record CreateSet(int set, int origin, String comment) implements Command {
        public CreateSet {
            Checks.nodeId(set, "set id");
            Checks.nodeId(origin, "origin");
        }
    }

    record DropSet(int set, int origin) implements Command {
        public DropSet {
            Checks.nodeId(set, "set id");
            Checks.nodeId(origin, "origin");
        }
    }

    /** Moves everything of set {@code add} into {@code set} and drops {@code add}. Both need the same subscribers. */
    record MergeSet(int set, int add, int origin) implements Command {
        public MergeSet {
            Checks.nodeId(set, "set id");
            Checks.nodeId(add, "add id");
            Checks.nodeId(origin, "origin");
            Checks.distinct(set, add, "merge set: a set cannot be merged into itself");
        }
    }

    record SetAddTable(int set, int origin, TableRef table) implements Command {
        public SetAddTable {
            Checks.nodeId(set, "set id");
            Checks.nodeId(origin, "origin");
            Objects.requireNonNull(table, "table");
        }
    }

    /** Adds every base table whose {@code schema.name} matches the regular expression, as slonik's {@code tables}. */
    record SetAddTables(int set, int origin, String pattern) implements Command {
        public SetAddTables {
            Checks.nodeId(set, "set id");
            Checks.nodeId(origin, "origin");
            Checks.text(pattern, "table pattern");
        }
    }

    record SetDropTable(int table, int origin) implements Command {
        public SetDropTable {
            Checks.nodeId(table, "table id");
            Checks.nodeId(origin, "origin");
        }
    }

    record SetMoveTable(int table, int newSet, int origin) implements Command {
        public SetMoveTable {
            Checks.nodeId(table, "table id");
            Checks.nodeId(newSet, "new set");
            Checks.nodeId(origin, "origin");
        }
    }

    record SetAddSequence(int set, int origin, SequenceRef sequence) implements Command {
        public SetAddSequence {
            Checks.nodeId(set, "set id");
            Checks.nodeId(origin, "origin");
            Objects.requireNonNull(sequence, "sequence");
        }
    }

    /** Adds every sequence whose {@code schema.name} matches the regular expression. */
    record SetAddSequences(int set, int origin, String pattern) implements Command {
        public SetAddSequences {
            Checks.nodeId(set, "set id");
            Checks.nodeId(origin, "origin");
            Checks.text(pattern, "sequence pattern");
        }
    }

    record SetDropSequence(int sequence, int origin) implements Command {
        public SetDropSequence {
            Checks.nodeId(sequence, "sequence id");
            Checks.nodeId(origin, "origin");
        }
    }

    record SetMoveSequence(int sequence, int newSet, int origin) implements Command {
        public SetMoveSequence {
            Checks.nodeId(sequence, "sequence id");
            Checks.nodeId(newSet, "new set");
            Checks.nodeId(origin, "origin");
        }
    }

    /**
     * Subscribes {@code receiver} to {@code set} from {@code provider}. {@code origin} is the set's origin when the
     * caller knows it ({@code 0} otherwise): slonik finds it on its own, but the rendered script needs it to wait
     * for the end of the data copy.
     */
    record SubscribeSet(int set, int provider, int receiver, boolean forward, boolean omitCopy, int origin)
            implements Command {
        public SubscribeSet {
            Checks.nodeId(set, "set id");
            Checks.nodeId(provider, "provider");
            Checks.nodeId(receiver, "receiver");
            Checks.idOrNext(origin, "origin");
            Checks.distinct(provider, receiver, "subscribe set " + set + ": node " + receiver
                    + " cannot be its own provider");
            if (origin == receiver) {
                throw new IllegalArgumentException("subscribe set " + set + ": node " + receiver
                        + " is the set's origin and cannot subscribe to it");
            }
        }
    }

    record UnsubscribeSet(int set, int receiver) implements Command {
        public UnsubscribeSet {
            Checks.nodeId(set, "set id");
            Checks.nodeId(receiver, "receiver");
        }
    }

    /** Makes {@code receiver} take every set of {@code origin} from {@code provider} instead. */
    record ResubscribeNode(int origin, int provider, int receiver) implements Command {
        public ResubscribeNode {
            Checks.nodeId(origin, "origin");
            Checks.nodeId(provider, "provider");
            Checks.nodeId(receiver, "receiver");
        }
    }

    record LockSet(int set, int origin) implements Command {
        public LockSet {
            Checks.nodeId(set, "set id");
            Checks.nodeId(origin, "origin");
        }
    }

    record UnlockSet(int set, int origin) implements Command {
        public UnlockSet {
            Checks.nodeId(set, "set id");
            Checks.nodeId(origin, "origin");
        }
    }

    record MoveSet(int set, int oldOrigin, int newOrigin) implements Command {
        public MoveSet {
            Checks.nodeId(set, "set id");
            Checks.nodeId(oldOrigin, "old origin");
            Checks.nodeId(newOrigin, "new origin");
            Checks.distinct(oldOrigin, newOrigin, "move set: old and new origin must differ");
        }
    }

    /** Declares {@code failed} dead and moves its sets to {@code backup}. Runs through the installed slonik. */
    record Failover(int failed, int backup) implements Command {
        public Failover {
            Checks.nodeId(failed, "failed node");
            Checks.nodeId(backup, "backup node");
            Checks.distinct(failed, backup, "failover: the backup node must be another node than the failed one");
        }
    }

    /** Runs SQL (usually DDL) on {@code eventNode} and, at the same point of the replication stream, on the others. */
    record ExecuteScript(String sql, int eventNode, int onlyOnNode) implements Command {
        public ExecuteScript {
            Checks.text(sql, "script");
            Checks.nodeId(eventNode, "event node");
            Checks.idOrNext(onlyOnNode, "execute only on");
            if (onlyOnNode != 0 && onlyOnNode != eventNode) {
                throw new IllegalArgumentException("execute script: 'only on' node " + onlyOnNode
                        + " must be the event node (" + eventNode + "), as Slony requires");
            }
        }
    }

    record Sync(int node) implements Command {
        public Sync {
            Checks.nodeId(node, "node id");
        }
    }

    /**
     * Waits until {@code confirmedBy} (or every node, when {@code 0}) has confirmed the last event this session
     * generated on {@code origin}.
     */
    record WaitForEvent(int origin, int confirmedBy, Duration timeout) implements Command {
        public WaitForEvent {
            Checks.nodeId(origin, "origin");
            Checks.idOrNext(confirmedBy, "confirmed");
            Objects.requireNonNull(timeout, "timeout");
        }
    }

    record UpdateFunctions(int node) implements Command {
        public UpdateFunctions {
            Checks.nodeId(node, "node id");
        }
    }

    record ClonePrepare(int node, int provider, String comment) implements Command {
        public ClonePrepare {
            Checks.nodeId(node, "node id");
            Checks.nodeId(provider, "provider");
        }
    }

    record CloneFinish(int node, int provider) implements Command {
        public CloneFinish {
            Checks.nodeId(node, "node id");
            Checks.nodeId(provider, "provider");
        }
    }

    /** Re-reads the tables' OIDs after a dump and restore; {@code onlyOnNode} 0 means every node. */
    record RepairConfig(int set, int eventNode, int onlyOnNode) implements Command {
        public RepairConfig {
            Checks.nodeId(set, "set id");
            Checks.nodeId(eventNode, "event node");
            Checks.idOrNext(onlyOnNode, "execute only on");
        }
    }
}
