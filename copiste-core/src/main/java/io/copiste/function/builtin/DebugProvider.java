package io.copiste.function.builtin;

import io.copiste.function.FunctionDefinition;
import io.copiste.function.FunctionProvider;
import io.copiste.function.InDatabaseFunction;
import io.copiste.function.Template;
import io.copiste.function.TriggerContext;
import io.copiste.manifest.Settings;

import java.util.Set;

/**
 * {@code debug}: raises a message followed by the whole change (operation, table, old and new row as JSON).
 *
 * <pre>
 * function:
 *   type: debug
 *   message: "people"     # optional template, default "change"
 *   level: notice         # default log
 * </pre>
 */
public final class DebugProvider implements FunctionProvider {
    @Override
    public String type() {
        return "debug";
    }

    @Override
    public String summary() {
        return "raise a message with the whole change (operation, old and new row as JSON) (in the trigger)";
    }

    @Override
    public FunctionDefinition define(Settings settings) {
        Template message = Templates.read(settings, "message", "change");
        RaiseLevel level = settings.choice("level", RaiseLevel.class, RaiseLevel.LOG);
        return new Debug(message, level);
    }

    private record Debug(Template message, RaiseLevel level) implements InDatabaseFunction {
        @Override
        public Set<String> columnsUsed() {
            return message == null ? Set.of() : message.columns();
        }

        @Override
        public String plpgsql(TriggerContext context) {
            return "RAISE " + level.name() + " '%: % on % old=% new=%', " + message.plpgsql(context) + ", "
                    + context.operation() + ", " + context.tableLiteral() + ", coalesce((" + context.oldImage()
                    + ")::text, 'NULL'), coalesce((" + context.newImage() + ")::text, 'NULL');";
        }
    }
}
