package io.copiste.install;

import io.copiste.sql.TableName;

import java.util.List;

/**
 * What {@code install} (or {@code uninstall}) would change in a database, step by step, with the exact SQL it
 * runs. Immutable.
 *
 * @param pipeline   the pipeline
 * @param database   the database, as {@code postgresql://user@host:port/db}
 * @param catalog    what happens to copiste's catalog: {@code create}, {@code upgrade}, {@code drop} or
 *                   {@code keep}
 * @param queue      what happens to the pipeline's change queue: {@code create}, {@code repair}, {@code drop}, {@code keep}
 *                   or {@code none}
 * @param slot       what happens to the replication slot and publication of a pipeline with
 *                   {@code capture: logical}: {@code create}, {@code repair}, {@code drop}, {@code keep} or {@code none}
 * @param replicaIdentityFull bound tables whose {@code REPLICA IDENTITY} becomes {@code FULL}, so that logical
 *                   capture sees the old rows the functions need
 * @param prelude    statements committed one at a time before the main transaction: a new publication, then
 *                   the replication slot (logical decoding looks publications up as of each change, so the
 *                   publication must be committed before the slot starts; a slot cannot be made by a transaction
 *                   that wrote)
 * @param warnings   what the plan would lose or cannot know, for the user to read before applying
 * @param steps      one step per binding, in manifest order then removed bindings
 * @param statements every statement, in the order install runs them in one transaction
 */
public record Plan(String pipeline, String database, String catalog, String queue, String slot,
                   List<TableName> replicaIdentityFull, List<Step> steps, List<String> prelude, List<String> statements,
                   List<String> warnings) {
    public Plan {
        prelude = List.copyOf(prelude);
        replicaIdentityFull = List.copyOf(replicaIdentityFull);
        warnings = List.copyOf(warnings);
        steps = List.copyOf(steps);
        statements = List.copyOf(statements);
    }

    /** What happens to one binding. */
    public enum Action {
        /** New in the manifest: its objects are created. */
        CREATE,
        /** Its definition changed: its objects are replaced. */
        REPLACE,
        /** Unchanged, but some of its objects are missing in the database (dropped by hand, table recreated). */
        REPAIR,
        /** Gone from the manifest (or uninstalled): its objects are dropped. */
        DROP,
        /** Installed and up to date. */
        KEEP
    }

    /**
     * One binding's step.
     *
     * @param binding    the binding's name
     * @param action     what happens
     * @param table      the bound table
     * @param function   the function type
     * @param reason     why, in a few words (empty for KEEP)
     * @param statements the statements for this binding
     * @param targetDdl  DDL for the binding's own target (a table in another database) that does not exist yet;
     *                   {@code install --create-targets} runs it there
     */
    public record Step(String binding, Action action, TableName table, String function, String reason,
                       List<String> statements, List<String> targetDdl) {
        public Step {
            statements = List.copyOf(statements);
            targetDdl = List.copyOf(targetDdl);
        }
    }

    /** Whether running this plan changes anything. */
    public boolean hasChanges() {
        return !statements.isEmpty() || !prelude.isEmpty();
    }

    /** How many steps take this action. */
    public long count(Action action) {
        return steps.stream().filter(s -> s.action() == action).count();
    }

    /** The statements as one SQL script. */
    public String sql() {
        StringBuilder out = new StringBuilder();
        for (String s : prelude) {
            out.append(s).append(";\n\n");
        }
        for (String s : statements) {
            out.append(s).append(";\n\n");
        }
        return out.toString();
    }
}
