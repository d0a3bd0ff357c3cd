package io.copiste.flyway;

import io.copiste.slony.SlonyOptions;
import io.copiste.slony.topology.MigrationHook;
import io.copiste.slony.topology.TopologyPlan;
import io.copiste.sql.TableName;
import org.flywaydb.core.api.migration.Context;

import java.util.Arrays;

/**
 * Calls for Java migrations, configured like {@link SlonyCallback} (environment or Flyway placeholders):
 *
 * <pre>{@code
 * public class V7__Drop_legacy extends BaseJavaMigration {
 *     public void migrate(Context context) throws Exception {
 *         SlonyMigrations.beforeDrop(context, "public.legacy");
 *         try (var st = context.getConnection().createStatement()) {
 *             st.execute("DROP TABLE public.legacy");
 *         }
 *     }
 * }
 * }</pre>
 *
 * Tables a Java migration creates need no call: the callback adds them after {@code migrate}.
 */
public final class SlonyMigrations {
    private SlonyMigrations() {
    }

    /** Takes the tables (or sequences) out of their sets before the migration drops them; see the hook. */
    public static TopologyPlan beforeDrop(Context context, String... names) {
        MigrationHook hook = CallbackSettings.of(context.getConfiguration(), System::getenv)
                .hook(SlonyOptions.defaults());
        if (hook == null) {
            return null;
        }
        return hook.beforeDrop(context.getConnection(), Arrays.stream(names).map(TableName::parse).toList());
    }
}
