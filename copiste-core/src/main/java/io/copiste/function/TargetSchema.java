package io.copiste.function;

import java.util.List;

/**
 * Implemented by a {@link FunctionDefinition} whose target has a schema of its own (a table in another database),
 * so that {@code copiste check} reports what the target lacks before the first write fails, {@code copiste plan}
 * shows the DDL that would create what is missing, and {@code copiste install --create-targets} runs it.
 * Methods connect to the target.
 */
public interface TargetSchema {
    /** Where the DDL runs, for display: {@code target 'replica' (jdbc:postgresql://…)}. */
    String targetDescription();

    /**
     * What the target lacks for this binding besides missing objects {@link #missingDdl} would create (a missing
     * column, a key without a unique index), each one sentence with its fix; empty when ready.
     */
    List<String> problems(FunctionContext context) throws Exception;

    /** The DDL creating the target objects that do not exist yet; empty when nothing is missing. */
    List<String> missingDdl(FunctionContext context) throws Exception;

    /** Runs {@link #missingDdl} on the target. */
    void createMissing(FunctionContext context) throws Exception;
}
