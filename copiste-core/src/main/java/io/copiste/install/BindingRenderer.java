package io.copiste.install;

import io.copiste.capture.Queue;
import io.copiste.db.TableInfo;
import io.copiste.function.DeliveredFunction;
import io.copiste.function.InDatabaseFunction;
import io.copiste.function.Operation;
import io.copiste.function.TriggerContext;
import io.copiste.manifest.Binding;
import io.copiste.manifest.Capture;
import io.copiste.sql.Sql;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Renders the database objects of one binding: a trigger function in schema {@code copiste} and the triggers on
 * the bound table (plus a statement-level pair for truncate). An in-database function's body runs its PL/pgSQL;
 * a delivered function's body captures the change into the pipeline's queue. A delivered binding of a pipeline with
 * {@code capture: logical} has no object of its own.
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

    static Rendered render(String pipeline, Binding binding, TableInfo table, Capture capture) {
        List<String> key = binding.keyOn(table);
        List<String> columns = binding.capturedColumns(table);
        TriggerContext context = new TriggerContext(pipeline, binding.name(), table, columns, key, true);
        boolean delivered = binding.delivered();
        Queue queue = new Queue(pipeline);

        Objects out = new Objects(pipeline, binding, table);
        if (!delivered) {
            InDatabaseFunction function = (InDatabaseFunction) binding.function().definition();
            if (binding.capturesRows()) {
                out.add("", "DECLARE\n    r record;\n", rowFilter(binding, columns) + "    "
                        + indent(function.plpgsql(context)) + "\n", false, "AFTER " + rowEvents(binding), "ROW");
            }
            if (binding.operations().contains(Operation.TRUNCATE)) {
                out.add("/truncate", "", "    " + indent(function.plpgsql(context.atRowLevel(false))) + "\n", false,
                        "AFTER TRUNCATE", "STATEMENT");
            }
        } else if (capture == Capture.LOGICAL) {
            // no object: the pipeline's publication and replication slot capture the table
            return new Rendered(List.of(), List.of(), Sql.sha256Hex(binding.definitionJson() + "\ncapture: logical"));
        } else {
            // inserts and deletes: one statement-level capture over the transition table (measured cheaper than
            // per-row calls, for single rows and far more for bulk writes); updates: per row, pairing OLD and NEW
            List<String> oldColumns = ((DeliveredFunction) binding.function().definition()).needsOldRow()
                    || key.isEmpty() ? columns : key;
            if (binding.operations().contains(Operation.UPDATE)) {
                out.add("", "", rowFilter(binding, columns) + capture(queue, binding, "'U'::\"char\"",
                        image(binding, oldColumns, table, "OLD"), image(binding, columns, table, "NEW"), null),
                        true, "AFTER UPDATE", "ROW");
            }
            if (binding.operations().contains(Operation.INSERT)) {
                out.add("/insert", STATEMENT_LEVEL, capture(queue, binding, "'I'::\"char\"", "NULL",
                        image(binding, columns, table, "\"new\""), transition(binding, "new", "old", "copiste_new")),
                        true, "AFTER INSERT", "STATEMENT", "REFERENCING NEW TABLE AS copiste_new");
            }
            if (binding.operations().contains(Operation.DELETE)) {
                out.add("/delete", STATEMENT_LEVEL, capture(queue, binding, "'D'::\"char\"",
                        image(binding, oldColumns, table, "\"old\""), "NULL", transition(binding, "old", "new",
                                "copiste_old")), true, "AFTER DELETE", "STATEMENT", "REFERENCING OLD TABLE AS copiste_old");
            }
            if (binding.operations().contains(Operation.TRUNCATE)) {
                out.add("/truncate", "", capture(queue, binding, "'T'::\"char\"", "NULL", "NULL", null), true,
                        "AFTER TRUNCATE", "STATEMENT");
            }
        }
        String hash = Sql.sha256Hex(binding.definitionJson() + "\n" + String.join(";\n", out.statements));
        return new Rendered(List.copyOf(out.objects), List.copyOf(out.statements), hash);
    }

    /** In a statement-level capture, "new" and "old" name the transition table, not PL/pgSQL's NEW and OLD. */
    private static final String STATEMENT_LEVEL = "#variable_conflict use_column\n";

    /** The objects of one binding, added pairwise: a function and its trigger. */
    private static final class Objects {
        final String pipeline;
        final Binding binding;
        final TableInfo table;
        final List<DbObject> objects = new ArrayList<>();
        final List<String> statements = new ArrayList<>();

        Objects(String pipeline, Binding binding, TableInfo table) {
            this.pipeline = pipeline;
            this.binding = binding;
            this.table = table;
        }

        void add(String suffix, String declarations, String body, boolean definer, String when, String level,
                 String... referencing) {
            String fn = Sql.fitName(pipeline + "/" + binding.name() + suffix);
            String trigger = Sql.fitName("copiste/" + pipeline + "/" + binding.name() + suffix);
            statements.add(createFunction(fn, declarations, body, definer));
            statements.add("COMMENT ON FUNCTION " + Sql.ident(Catalog.SCHEMA, fn) + "() IS "
                    + Sql.literal("copiste pipeline " + pipeline + ", binding " + binding.name()
                    + "; managed by copiste install, do not edit"));
            statements.add("CREATE TRIGGER " + Sql.ident(trigger) + " " + when + " ON " + table.name().sql()
                    + (referencing.length > 0 ? "\n    " + referencing[0] : "")
                    + "\n    FOR EACH " + level + " EXECUTE FUNCTION " + Sql.ident(Catalog.SCHEMA, fn) + "()");
            objects.add(DbObject.trigger(trigger));
            objects.add(DbObject.function(fn));
        }
    }

    /** The FROM clause of a statement-level capture: the transition table as {@code row}, {@code other} NULL. */
    private static String transition(Binding binding, String row, String other, String table) {
        String from = "    FROM " + table + " AS \"" + row + "\" LEFT JOIN " + table + " AS \"" + other + "\" ON false";
        if (binding.when() != null) {
            String when = binding.when().strip();
            from += "\n    WHERE coalesce((\n" + (when.contains("\n") ? when : "        " + when) + "\n    ), false)";
        }
        return from;
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

    /**
     * Writes the change into the queue, in the user's transaction, and wakes the daemon on commit. With a
     * {@code from} clause, one row per transition-table row (a statement-level capture); else one row.
     */
    private static String capture(Queue queue, Binding binding, String op, String oldImage, String newImage,
                                  String from) {
        String values = "pg_current_xact_id(), statement_timestamp(), " + Sql.literal(binding.name()) + ", " + op
                + ",\n            " + oldImage + ",\n            " + newImage + ",\n            "
                + queue.currentPartExpression();
        String wake = from == null ? "    " + queue.wakeStatement() + "\n"
                : "    IF FOUND THEN\n        " + queue.wakeStatement().replace("\n", "\n    ") + "\n    END IF;\n";
        return "    INSERT INTO " + queue.table() + " (ev_txid, ev_time, ev_binding, ev_op, ev_old, ev_new, ev_part)\n"
                + (from == null ? "    VALUES (" + values + ");\n" : "    SELECT " + values + "\n" + from + ";\n")
                + wake;
    }

    /** A json image of a row's columns: the whole row when they are all the table's, else the listed ones. */
    private static String image(Binding binding, List<String> columns, TableInfo table, String row) {
        if (columns.equals(table.columnNames())) {
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
