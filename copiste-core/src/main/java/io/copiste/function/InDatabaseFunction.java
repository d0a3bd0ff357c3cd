package io.copiste.function;

/**
 * A function that runs inside PostgreSQL, synchronously in the trigger of the writing transaction: its effect
 * (a log line, a notification) happens even if the transaction later aborts, except for {@code pg_notify} which
 * PostgreSQL itself delivers only on commit.
 */
public interface InDatabaseFunction extends FunctionDefinition {
    /**
     * PL/pgSQL statements to run for each captured change, rendered for one binding. They may be a nested
     * {@code DECLARE … BEGIN … END;} block. See {@link TriggerContext} for the variables and expressions available.
     * Every name must be quoted and every value rendered through {@link io.copiste.sql.Sql}.
     */
    String plpgsql(TriggerContext context);
}
