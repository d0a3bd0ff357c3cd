package io.copiste.flyway;

import io.copiste.slony.Catalog;
import io.copiste.slony.SlonyOptions;
import io.copiste.slony.topology.MigrationHook;
import io.copiste.sql.TableName;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import org.flywaydb.core.api.configuration.Configuration;

import java.util.ArrayList;
import java.util.List;

/**
 * A Flyway callback that keeps Slony-I replication in step with migrations, following a copiste topology file:
 * after {@code migrate}, the tables and sequences the migrations created join the sets whose rules choose them;
 * before an SQL migration runs, each table or sequence it drops ({@code DROP TABLE}, {@code DROP SEQUENCE}) leaves
 * its set. Java migrations that drop a replicated table call {@link SlonyMigrations#beforeDrop} themselves.
 *
 * <p>Register it by class name ({@code flyway.callbacks=io.copiste.flyway.SlonyCallback}) and configure it with
 * {@code COPISTE_SLONY_TOPOLOGY} and {@code COPISTE_SLONY_MODE} (see docs/topology.md), or in Java with
 * {@link #SlonyCallback(MigrationHook)}. Run the migrations on every node, the sets' origin last: tables are added
 * when the origin migrates, and every subscriber must already have them.
 *
 * <p>One instance serves one {@code migrate} at a time (it keeps the catalog read before the migrations).
 */
public final class SlonyCallback implements Callback {
    private MigrationHook hook;
    private Catalog before;

    /** Reads its settings from the environment and Flyway's placeholders on first use. */
    public SlonyCallback() {
    }

    /** Uses this hook (topology and mode chosen in code). */
    public SlonyCallback(MigrationHook hook) {
        this.hook = hook;
    }

    @Override
    public boolean supports(Event event, Context context) {
        return event == Event.BEFORE_MIGRATE || event == Event.BEFORE_EACH_MIGRATE || event == Event.AFTER_MIGRATE;
    }

    /** The callback writes through its own connections to the nodes; on Flyway's it only reads. */
    @Override
    public boolean canHandleInTransaction(Event event, Context context) {
        return true;
    }

    @Override
    public void handle(Event event, Context context) {
        MigrationHook h = hook(context);
        if (h == null || h.mode() == MigrationHook.Mode.OFF) {
            return;
        }
        if (event == Event.BEFORE_MIGRATE) {
            before = withHistory(h.snapshot(context.getConnection()), context.getConfiguration());
        } else if (event == Event.BEFORE_EACH_MIGRATE) {
            String sql = Scripts.text(context);
            List<TableName> dropped = sql == null ? List.of() : MigrationHook.droppedBy(sql);
            if (!dropped.isEmpty()) {
                h.beforeDrop(context.getConnection(), dropped);
            }
        } else if (event == Event.AFTER_MIGRATE && before != null) {
            h.created(context.getConnection(), before);
            before = null;
        }
    }

    @Override
    public String getCallbackName() {
        return "copiste-slony";
    }

    /** Flyway's own history table is never replicated: each node keeps its own. */
    private static Catalog withHistory(Catalog catalog, Configuration flyway) {
        String schema = flyway.getDefaultSchema() != null ? flyway.getDefaultSchema()
                : flyway.getSchemas().length > 0 ? flyway.getSchemas()[0] : "public";
        List<Catalog.Table> tables = new ArrayList<>(catalog.tables());
        tables.add(new Catalog.Table(TableName.of(schema, flyway.getTable()), true));
        return new Catalog(tables, catalog.sequences());
    }

    private MigrationHook hook(Context context) {
        if (hook == null) {
            hook = CallbackSettings.of(context.getConfiguration(), System::getenv).hook(SlonyOptions.defaults());
        }
        return hook;
    }
}
