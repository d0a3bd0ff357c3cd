package io.copiste.function.builtin;

import io.copiste.function.FunctionDefinition;
import io.copiste.function.FunctionProvider;
import io.copiste.function.InDatabaseFunction;
import io.copiste.function.TriggerContext;
import io.copiste.manifest.Settings;
import io.copiste.sql.Sql;

/**
 * {@code notify}: {@code pg_notify} on a channel with a JSON payload, inside the trigger. PostgreSQL delivers the
 * notification when the transaction commits, and never if it aborts.
 *
 * <p>Payload: {@code {"pipeline", "binding", "op", "table", "key", "row"}} where {@code key} holds the key columns
 * and {@code row} (only with {@code row: true}) the captured columns. A payload over PostgreSQL's 8000-byte limit
 * is sent without the row and with {@code "truncated": true}, so the user's write never fails because of it.
 *
 * <pre>
 * function:
 *   type: notify
 *   channel: people_changes   # default: the pipeline's name
 *   row: true                 # include the row (default false: key only)
 * </pre>
 */
public final class NotifyProvider implements FunctionProvider {
    /** PostgreSQL refuses a payload of 8000 bytes or more. */
    static final int MAX_PAYLOAD_BYTES = 7999;

    @Override
    public String type() {
        return "notify";
    }

    @Override
    public String summary() {
        return "pg_notify a JSON payload (operation, table, key, optionally the row) (in the trigger, on commit)";
    }

    @Override
    public FunctionDefinition define(Settings settings) {
        String channel = settings.string("channel", null);
        if (channel != null && (channel.isBlank() || channel.getBytes(java.nio.charset.StandardCharsets.UTF_8).length
                > Sql.MAX_IDENTIFIER_BYTES)) {
            settings.problem("channel", "'channel' must be 1 to 63 bytes long", null);
        }
        return new Notify(channel, settings.bool("row", false));
    }

    private record Notify(String channel, boolean row) implements InDatabaseFunction {
        @Override
        public String plpgsql(TriggerContext context) {
            String head = "'pipeline', " + Sql.literal(context.pipeline()) + ", 'binding', "
                    + Sql.literal(context.binding()) + ", 'op', " + context.operation() + ", 'table', "
                    + context.tableLiteral() + ", 'key', " + context.keyImage();
            String full = row
                    ? "jsonb_build_object(" + head + ", 'row', " + context.image("r") + ")::text"
                    : "jsonb_build_object(" + head + ")::text";
            String channelLiteral = Sql.literal(channel != null ? channel : context.pipeline());
            return "DECLARE\n    payload text := " + full + ";\nBEGIN\n"
                    + "    IF octet_length(payload) > " + MAX_PAYLOAD_BYTES + " THEN\n"
                    + "        payload := jsonb_build_object(" + head + ", 'truncated', true)::text;\n"
                    + "    END IF;\n"
                    + "    PERFORM pg_notify(" + channelLiteral + ", payload);\n"
                    + "END;";
        }
    }
}
