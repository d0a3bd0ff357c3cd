package io.copiste.install;

import io.copiste.capture.Queue;
import io.copiste.db.TableInfo;
import io.copiste.function.InDatabaseFunction;
import io.copiste.function.Operation;
import io.copiste.function.TriggerContext;
import io.copiste.manifest.Binding;
import io.copiste.sql.Sql;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Renders the database objects of one binding: a trigger function in schema {@code copiste} and the triggers on
 * the bound table (plus a statement-level pair for truncate). An in-database function's body runs its PL/pgSQL;
 * a delivered function's body captures the change into the pipeline's queue.
 *
 * <p>Pure: the same binding and table always give the same text (golden-file tested), and the hash of that text
 * tells {@code plan} whether an installed binding changed.
 */
final class BindingRenderer {
    /** Capture functions write into copiste's queue, which writing users have no right to: definer rights. */
    private static final String DEFINER = " SECURITY DEFINER SET search_path = pg_catalog, pg_temp";

    private BindingRenderer() {
    }

    /** The objects, the statements creating them, and their hash. */
    record Rendered(List<DbObject> objects, List<String> statements, String hash) {
    }

    static Rendered render(String pipeline, Binding binding, TableInfo table) {
        List<String> key = binding.keyOn(table);
        List<String> columns = binding.capturedColumns(table);
        TriggerContext context = new TriggerContext(pipeline, binding.name(), table, columns, key, true);
        boolean delivered = binding.delivered();
        Queue queue = new Queue(pipeline);

        List<DbObject> objects = new ArrayList<>();
        List<String> statements = new ArrayList<>();
        String description = "copiste pipeline " + pipeline + ", binding " + binding.name()
                + "; managed by copiste install, do not edit";
        if (binding.capturesRows()) {
            String fn = Sql.fitName(pipeline + "/" + binding.name());
            String trigger = Sql.fitName("copiste/" + pipeline + "/" + binding.name());
            String body = rowFilter(binding, columns) + (delivered
                    ? capture(queue, binding, "substr(TG_OP, 1, 1)::\"char\"",
                    "CASE WHEN TG_OP <> 'INSERT' THEN " + image(binding, columns, "OLD") + " END",
                    "CASE WHEN TG_OP <> 'DELETE' THEN " + image(binding, columns, "NEW") + " END")
                    : "    " + indent(((InDatabaseFunction) binding.function().definition()).plpgsql(context)) + "\n");
            statements.add(createFunction(fn, delivered ? "" : "DECLARE\n    r record;\n", body, delivered));
            statements.add("COMMENT ON FUNCTION " + Sql.ident(Catalog.SCHEMA, fn) + "() IS " + Sql.literal(description));
            statements.add("CREATE TRIGGER " + Sql.ident(trigger) + " AFTER " + rowEvents(binding) + " ON "
                    + table.name().sql() + "\n    FOR EACH ROW EXECUTE FUNCTION " + Sql.ident(Catalog.SCHEMA, fn) + "()");
            objects.add(DbObject.trigger(trigger));
            objects.add(DbObject.function(fn));
        }
        if (binding.operations().contains(Operation.TRUNCATE)) {
            String fn = Sql.fitName(pipeline + "/" + binding.name() + "/truncate");
            String trigger = Sql.fitName("copiste/" + pipeline + "/" + binding.name() + "/truncate");
            String body = delivered
                    ? capture(queue, binding, "'T'::\"char\"", "NULL", "NULL")
                    : "    " + indent(((InDatabaseFunction) binding.function().definition())
                    .plpgsql(context.atRowLevel(false))) + "\n";
            statements.add(createFunction(fn, "", body, delivered));
            statements.add("COMMENT ON FUNCTION " + Sql.ident(Catalog.SCHEMA, fn) + "() IS " + Sql.literal(description));
            statements.add("CREATE TRIGGER " + Sql.ident(trigger) + " AFTER TRUNCATE ON " + table.name().sql()
                    + "\n    FOR EACH STATEMENT EXECUTE FUNCTION " + Sql.ident(Catalog.SCHEMA, fn) + "()");
            objects.add(DbObject.trigger(trigger));
            objects.add(DbObject.function(fn));
        }
        String hash = Sql.sha256Hex(binding.definitionJson() + "\n" + String.join(";\n", statements));
        return new Rendered(List.copyOf(objects), List.copyOf(statements), hash);
    }

    private static String rowEvents(Binding binding) {
        return binding.operations().stream().filter(op -> op != Operation.TRUNCATE).sorted()
                .map(Operation::name).collect(Collectors.joining(" OR "));
    }

    private static String createFunction(String name, String declarations, String body, boolean definer) {
        return "CREATE FUNCTION " + Sql.ident(Catalog.SCHEMA, name) + "() RETURNS trigger LANGUAGE plpgsql"
                + (definer ? DEFINER : "") + " AS "
                + Sql.dollarQuoted("\n" + declarations + "BEGIN\n" + body + "    RETURN NULL;\nEND\n");
    }

    /** Skips updates that changed nothing captured, and rows the {@code when} condition rejects. */
    private static String rowFilter(Binding binding, List<String> columns) {
        StringBuilder b = new StringBuilder();
        if (!binding.delivered()) {
            b.append("    IF TG_OP = 'DELETE' THEN r := OLD; ELSE r := NEW; END IF;\n");
        }
        b.append("    IF TG_OP = 'UPDATE' AND ").append(unchanged(binding, columns)).append(" THEN\n");
        b.append("        RETURN NULL;\n    END IF;\n");
        if (binding.when() != null) {
            // the user's text is kept verbatim (a multi-line string literal must not be re-indented)
            String when = binding.when().strip();
            b.append("    IF NOT coalesce((\n").append(when.contains("\n") ? when : "        " + when)
                    .append("\n    ), false) THEN\n        RETURN NULL;\n    END IF;\n");
        }
        return b.toString();
    }

    /** Writes the change into the queue, in the user's transaction, and wakes the daemon on commit. */
    private static String capture(Queue queue, Binding binding, String op, String oldImage, String newImage) {
        return "    INSERT INTO " + queue.table() + " (ev_txid, ev_time, ev_binding, ev_op, ev_old, ev_new, ev_part)\n"
                + "    VALUES (pg_current_xact_id(), statement_timestamp(), " + Sql.literal(binding.name()) + ", "
                + op + ",\n            " + oldImage + ",\n            " + newImage + ",\n            "
                + queue.currentPartExpression() + ");\n"
                + "    " + queue.wakeStatement() + "\n";
    }

    /** A json image of a row variable's captured columns. */
    private static String image(Binding binding, List<String> columns, String row) {
        if (binding.columns().isEmpty()) {
            return "row_to_json(" + row + ")";
        }
        return "json_build_object(" + columns.stream().map(c -> Sql.literal(c) + ", " + row + "." + Sql.ident(c))
                .collect(Collectors.joining(", ")) + ")";
    }

    /** True when an update changed none of the captured columns (compared by their text, so any type works). */
    private static String unchanged(Binding binding, List<String> columns) {
        if (binding.columns().isEmpty()) {
            return "OLD *= NEW";
        }
        String old = columns.stream().map(c -> "OLD." + Sql.ident(c)).collect(Collectors.joining(", "));
        String neu = columns.stream().map(c -> "NEW." + Sql.ident(c)).collect(Collectors.joining(", "));
        return "ROW(" + old + ")::text IS NOT DISTINCT FROM ROW(" + neu + ")::text";
    }

    private static String indent(String code) {
        return code.strip().replace("\n", "\n    ");
    }
}
