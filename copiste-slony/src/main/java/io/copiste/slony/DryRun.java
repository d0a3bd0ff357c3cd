package io.copiste.slony;

import io.copiste.slony.Command.*;

/** The event a command would generate, with an unknown sequence number: what a dry run returns. */
final class DryRun {
    private DryRun() {
    }

    static Event event(Command command) {
        int node = node(command);
        return node == 0 ? Event.NONE : new Event(node, -1);
    }

    /** The node the command's event is generated on, or 0 when it generates none. */
    private static int node(Command command) {
        if (command instanceof InitCluster c) {
            return c.node();
        }
        if (command instanceof StoreNode c) {
            return c.eventNode();
        }
        if (command instanceof DropNode c) {
            return c.eventNode();
        }
        if (command instanceof StorePath c) {
            return c.client();
        }
        if (command instanceof DropPath c) {
            return c.eventNode();
        }
        if (command instanceof StoreListen c) {
            return c.receiver();
        }
        if (command instanceof DropListen c) {
            return c.receiver();
        }
        if (command instanceof CreateSet c) {
            return c.origin();
        }
        if (command instanceof DropSet c) {
            return c.origin();
        }
        if (command instanceof MergeSet c) {
            return c.origin();
        }
        if (command instanceof SetAddTable c) {
            return c.origin();
        }
        if (command instanceof SetAddTables c) {
            return c.origin();
        }
        if (command instanceof SetDropTable c) {
            return c.origin();
        }
        if (command instanceof SetMoveTable c) {
            return c.origin();
        }
        if (command instanceof SetAddSequence c) {
            return c.origin();
        }
        if (command instanceof SetAddSequences c) {
            return c.origin();
        }
        if (command instanceof SetDropSequence c) {
            return c.origin();
        }
        if (command instanceof SetMoveSequence c) {
            return c.origin();
        }
        if (command instanceof UnsubscribeSet c) {
            return c.receiver();
        }
        if (command instanceof ResubscribeNode c) {
            return c.origin();
        }
        if (command instanceof MoveSet c) {
            return c.oldOrigin();
        }
        if (command instanceof Failover c) {
            return c.backup();
        }
        if (command instanceof ExecuteScript c) {
            return c.eventNode();
        }
        if (command instanceof Sync c) {
            return c.node();
        }
        if (command instanceof WaitForEvent c) {
            return c.origin();
        }
        if (command instanceof ClonePrepare c) {
            return c.provider();
        }
        if (command instanceof SubscribeSet c) {
            return c.origin() > 0 ? c.origin() : c.provider();
        }
        return 0;
    }
}
