package io.copiste.function.builtin;

import io.copiste.function.FunctionDefinition;
import io.copiste.function.FunctionProvider;
import io.copiste.function.InDatabaseFunction;
import io.copiste.function.Template;
import io.copiste.function.TriggerContext;
import io.copiste.manifest.Settings;

import java.util.Set;

/**
 * {@code log}: raises a message built from a template into the PostgreSQL log, inside the trigger.
 *
 * <pre>
 * function:
 *   type: log
 *   message: "person {login} {op}d"   # required; see {@link Template}
 *   level: warning                      # debug | log | info | notice | warning (default log)
 * </pre>
 */
public final class LogProvider implements FunctionProvider {
    @Override
    public String type() {
        return "log";
    }

    @Override
    public String summary() {
        return "raise a message built from a template into the PostgreSQL log (in the trigger)";
    }

    @Override
    public FunctionDefinition define(Settings settings) {
        Template message = Templates.read(settings, "message", null);
        RaiseLevel level = settings.choice("level", RaiseLevel.class, RaiseLevel.LOG);
        return new Log(message, level);
    }

    private record Log(Template message, RaiseLevel level) implements InDatabaseFunction {
        @Override
        public Set<String> columnsUsed() {
            return message == null ? Set.of() : message.columns();
        }

        @Override
        public String plpgsql(TriggerContext context) {
            return "RAISE " + level.name() + " '%', " + message.plpgsql(context) + ";";
        }
    }
}
