package io.copiste.slony;

import io.copiste.slony.Command.*;

/** Runs commands against the nodes over JDBC: dispatches each command to the operation that implements it. */
final class LiveRunner implements AutoCloseable {
    private final Engine engine;
    private final NodeOps nodes;
    private final PathOps paths;
    private final SetOps sets;
    private final SubscribeOps subscriptions;
    private final ScriptOps scripts;
    private final SlonikRunner slonik;

    LiveRunner(Engine engine) {
        this.engine = engine;
        this.nodes = new NodeOps(engine);
        this.paths = new PathOps(engine);
        this.sets = new SetOps(engine);
        this.subscriptions = new SubscribeOps(engine);
        this.scripts = new ScriptOps(engine, sets);
        this.slonik = new SlonikRunner(engine);
    }

    Engine engine() {
        return engine;
    }

    ScriptOps scripts() {
        return scripts;
    }

    SetOps sets() {
        return sets;
    }

    Event run(Command command) {
        if (command instanceof InitCluster c) {
            return nodes.initCluster(c);
        }
        if (command instanceof StoreNode c) {
            return nodes.storeNode(c);
        }
        if (command instanceof DropNode c) {
            return nodes.dropNode(c);
        }
        if (command instanceof UninstallNode c) {
            return nodes.uninstallNode(c);
        }
        if (command instanceof RestartNode c) {
            return nodes.restartNode(c);
        }
        if (command instanceof UpdateFunctions c) {
            return nodes.updateFunctions(c);
        }
        if (command instanceof ClonePrepare c) {
            return nodes.clonePrepare(c);
        }
        if (command instanceof CloneFinish c) {
            return nodes.cloneFinish(c);
        }
        if (command instanceof StorePath c) {
            return paths.storePath(c);
        }
        if (command instanceof DropPath c) {
            return paths.dropPath(c);
        }
        if (command instanceof StoreListen c) {
            return paths.storeListen(c);
        }
        if (command instanceof DropListen c) {
            return paths.dropListen(c);
        }
        if (command instanceof CreateSet c) {
            return sets.createSet(c);
        }
        if (command instanceof DropSet c) {
            return sets.dropSet(c);
        }
        if (command instanceof MergeSet c) {
            return sets.mergeSet(c);
        }
        if (command instanceof SetAddTable c) {
            return sets.addTable(c);
        }
        if (command instanceof SetAddTables c) {
            return sets.addTables(c);
        }
        if (command instanceof SetDropTable c) {
            return sets.dropTable(c);
        }
        if (command instanceof SetMoveTable c) {
            return sets.moveTable(c);
        }
        if (command instanceof SetAddSequence c) {
            return sets.addSequence(c);
        }
        if (command instanceof SetAddSequences c) {
            return sets.addSequences(c);
        }
        if (command instanceof SetDropSequence c) {
            return sets.dropSequence(c);
        }
        if (command instanceof SetMoveSequence c) {
            return sets.moveSequence(c);
        }
        if (command instanceof SubscribeSet c) {
            return subscriptions.subscribe(c);
        }
        if (command instanceof UnsubscribeSet c) {
            return subscriptions.unsubscribe(c);
        }
        if (command instanceof ResubscribeNode c) {
            return subscriptions.resubscribe(c);
        }
        if (command instanceof LockSet c) {
            return subscriptions.lock(c);
        }
        if (command instanceof UnlockSet c) {
            return subscriptions.unlock(c);
        }
        if (command instanceof MoveSet c) {
            return subscriptions.move(c);
        }
        if (command instanceof Failover c) {
            return slonik.failover(c);
        }
        if (command instanceof ExecuteScript c) {
            return scripts.execute(c);
        }
        if (command instanceof Sync c) {
            return scripts.sync(c);
        }
        if (command instanceof WaitForEvent c) {
            return scripts.waitFor(c);
        }
        if (command instanceof RepairConfig c) {
            return scripts.repairConfig(c);
        }
        throw new IllegalArgumentException("unknown command " + command);
    }

    @Override
    public void close() {
        engine.close();
    }
}
