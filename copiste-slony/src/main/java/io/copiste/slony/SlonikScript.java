package io.copiste.slony;

import io.copiste.slony.Command.*;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Renders commands as the equivalent slonik script: {@code cluster name}, one {@code admin conninfo} per node, then
 * one statement per command, so a reviewer can read what will happen and an operator can run it with the real
 * {@code slonik}. Connects nowhere. Passwords are never rendered (see {@link Conninfo#text()}).
 *
 * <p>Where copiste waits on its own (a subscription becoming active), the script carries the equivalent
 * {@code sync} and {@code wait for event} statements, so that running it with slonik has the same outcome.
 * Stateless and thread-safe.
 */
public final class SlonikScript {
    private SlonikScript() {
    }

    /** The whole script: preamble and statements, one per line. */
    public static String render(ClusterName cluster, Collection<Node> nodes, List<Command> commands) {
        StringBuilder out = new StringBuilder();
        out.append("cluster name = ").append(cluster.name()).append(";\n");
        nodes.stream().sorted(Comparator.comparingInt(Node::id)).forEach(n -> out.append("node ").append(n.id())
                .append(" admin conninfo = ").append(literal(n.admin().text())).append(";\n"));
        for (Command command : commands) {
            out.append(statement(command)).append('\n');
        }
        return out.toString();
    }

    /** One command as slonik statement(s), without the preamble. */
    public static String statement(Command command) {
        if (command instanceof InitCluster c) {
            return "init cluster (id = " + c.node() + ", comment = " + literal(comment(c.comment(),
                    "Node " + c.node())) + ");";
        }
        if (command instanceof StoreNode c) {
            return "store node (id = " + c.node() + ", comment = " + literal(comment(c.comment(),
                    "Node " + c.node())) + ", event node = " + c.eventNode() + ");";
        }
        if (command instanceof DropNode c) {
            return "drop node (id = " + c.node() + ", event node = " + c.eventNode() + ");";
        }
        if (command instanceof UninstallNode c) {
            return "uninstall node (id = " + c.node() + ");";
        }
        if (command instanceof RestartNode c) {
            return "restart node " + c.node() + ";";
        }
        if (command instanceof StorePath c) {
            return "store path (server = " + c.server() + ", client = " + c.client() + ", conninfo = "
                    + literal(c.conninfo().text()) + ", connretry = " + c.connectRetrySeconds() + ");";
        }
        if (command instanceof DropPath c) {
            // copiste restarts the client's slon once the client has dropped the path (see PathOps.dropPath)
            return "drop path (server = " + c.server() + ", client = " + c.client() + ", event node = "
                    + c.eventNode() + ");\n" + (c.eventNode() == c.client() ? ""
                    : waitFor(c.eventNode(), c.client(), 0) + "\n") + "restart node " + c.client() + ";";
        }
        if (command instanceof StoreListen c) {
            return "store listen (origin = " + c.origin() + ", receiver = " + c.receiver()
                    + ", provider = " + c.provider() + ");";
        }
        if (command instanceof DropListen c) {
            return "drop listen (origin = " + c.origin() + ", receiver = " + c.receiver()
                    + ", provider = " + c.provider() + ");";
        }
        if (command instanceof CreateSet c) {
            return "create set (id = " + c.set() + ", origin = " + c.origin() + ", comment = "
                    + literal(comment(c.comment(), "Set " + c.set())) + ");";
        }
        if (command instanceof DropSet c) {
            return "drop set (id = " + c.set() + ", origin = " + c.origin() + ");";
        }
        if (command instanceof MergeSet c) {
            return "merge set (id = " + c.set() + ", add id = " + c.add() + ", origin = " + c.origin()
                    + ");";
        }
        if (command instanceof SetAddTable c) {
            return "set add table (set id = " + c.set() + ", origin = " + c.origin()
                    + (c.table().id() > 0 ? ", id = " + c.table().id() : "") + ", full qualified name = "
                    + literal(c.table().name().toString())
                    + (c.table().key() != null ? ", key = " + literal(c.table().key()) : "")
                    + ", comment = " + literal(c.table().comment()) + ");";
        }
        // slonik pastes the pattern into E'...': backslashes must be doubled to reach the regex engine
        if (command instanceof SetAddTables c) {
            return "set add table (set id = " + c.set() + ", origin = " + c.origin()
                    + ", tables = " + literal(pattern(c.pattern()).replace("\\", "\\\\")) + ");";
        }
        if (command instanceof SetDropTable c) {
            return "set drop table (origin = " + c.origin() + ", id = " + c.table() + ");";
        }
        if (command instanceof SetMoveTable c) {
            return "set move table (origin = " + c.origin() + ", id = " + c.table()
                    + ", new set = " + c.newSet() + ");";
        }
        if (command instanceof SetAddSequence c) {
            return "set add sequence (set id = " + c.set() + ", origin = " + c.origin()
                    + (c.sequence().id() > 0 ? ", id = " + c.sequence().id() : "") + ", full qualified name = "
                    + literal(c.sequence().name().toString()) + ", comment = " + literal(c.sequence().comment())
                    + ");";
        }
        if (command instanceof SetAddSequences c) {
            return "set add sequence (set id = " + c.set() + ", origin = " + c.origin()
                    + ", sequences = " + literal(pattern(c.pattern())) + ");";
        }
        if (command instanceof SetDropSequence c) {
            return "set drop sequence (origin = " + c.origin() + ", id = " + c.sequence() + ");";
        }
        if (command instanceof SetMoveSequence c) {
            return "set move sequence (origin = " + c.origin() + ", id = " + c.sequence()
                    + ", new set = " + c.newSet() + ");";
        }
        if (command instanceof SubscribeSet c) {
            return subscribe(c);
        }
        if (command instanceof UnsubscribeSet c) {
            return "unsubscribe set (id = " + c.set() + ", receiver = " + c.receiver() + ");\nrestart node "
                    + c.receiver() + ";";
        }
        if (command instanceof ResubscribeNode c) {
            return "resubscribe node (origin = " + c.origin() + ", provider = " + c.provider()
                    + ", receiver = " + c.receiver() + ");";
        }
        if (command instanceof LockSet c) {
            return "lock set (id = " + c.set() + ", origin = " + c.origin() + ");";
        }
        if (command instanceof UnlockSet c) {
            return "unlock set (id = " + c.set() + ", origin = " + c.origin() + ");";
        }
        if (command instanceof MoveSet c) {
            return "move set (id = " + c.set() + ", old origin = " + c.oldOrigin() + ", new origin = "
                    + c.newOrigin() + ");";
        }
        if (command instanceof Failover c) {
            return "failover (id = " + c.failed() + ", backup node = " + c.backup() + ");";
        }
        if (command instanceof ExecuteScript c) {
            return "execute script (sql = " + literal(c.sql()) + ", event node = " + c.eventNode()
                    + (c.onlyOnNode() > 0 ? ", execute only on = " + c.onlyOnNode() : "") + ");";
        }
        if (command instanceof Sync c) {
            return "sync (id = " + c.node() + ");";
        }
        if (command instanceof WaitForEvent c) {
            return waitFor(c.origin(), c.confirmedBy(), c.timeout().toSeconds());
        }
        if (command instanceof UpdateFunctions c) {
            return "update functions (id = " + c.node() + ");";
        }
        if (command instanceof ClonePrepare c) {
            return "clone prepare (id = " + c.node() + ", provider = " + c.provider()
                    + ", comment = " + literal(comment(c.comment(), "Node " + c.node())) + ");";
        }
        if (command instanceof CloneFinish c) {
            return "clone finish (id = " + c.node() + ", provider = " + c.provider() + ");";
        }
        if (command instanceof RepairConfig c) {
            return "repair config (set id = " + c.set() + ", event node = " + c.eventNode()
                    + (c.onlyOnNode() > 0 ? ", execute only on = " + c.onlyOnNode() : "") + ");";
        }
        throw new IllegalArgumentException("unknown command " + command);
    }

    /**
     * copiste's subscribe returns once the receiver has copied the set; slonik's returns at once (and remembers the
     * set id as if it were an event number). The origin creates ENABLE_SUBSCRIPTION together with SUBSCRIBE_SET and
     * the receiver copies the data while processing it, so the script makes a SYNC on the origin and waits until the
     * receiver confirms it.
     */
    private static String subscribe(SubscribeSet c) {
        int origin = c.origin() > 0 ? c.origin() : c.provider();
        return "subscribe set (id = " + c.set() + ", provider = " + c.provider() + ", receiver = " + c.receiver()
                + ", forward = " + (c.forward() ? "yes" : "no") + (c.omitCopy() ? ", omit copy = yes" : "") + ");\n"
                + "sync (id = " + origin + ");\n"
                + waitFor(origin, c.receiver(), 0);
    }

    private static String waitFor(int origin, int confirmedBy, long timeoutSeconds) {
        return "wait for event (origin = " + origin + ", confirmed = " + (confirmedBy > 0 ? confirmedBy : "all")
                + ", wait on = " + (confirmedBy > 0 ? confirmedBy : origin) + ", timeout = " + timeoutSeconds + ");";
    }

    private static String comment(String comment, String fallback) {
        return comment == null || comment.isBlank() ? fallback : comment;
    }

    private static String pattern(String pattern) {
        if (pattern.indexOf('\'') >= 0) {
            throw new IllegalArgumentException("pattern " + pattern + ": slonik cannot pass a quote in a pattern; "
                    + "use [''] or a character class without quotes");
        }
        return pattern;
    }

    /** A slonik string literal: single quotes, inner quotes doubled (slonik has no backslash escapes). */
    static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }
}
