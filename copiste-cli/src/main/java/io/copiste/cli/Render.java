package io.copiste.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.copiste.install.Plan;
import io.copiste.manifest.Problem;

import java.io.PrintWriter;
import java.util.List;

/** Text and JSON renderings shared by the commands. */
final class Render {
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Render() {
    }

    static void json(PrintWriter out, Object node) {
        try {
            out.println(JSON.writeValueAsString(node));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The plan's steps as an aligned table: {@code + name  table  function  reason}. */
    static void planSummary(PrintWriter out, Plan plan) {
        if (plan.catalog().equals("create")) {
            out.println("  + copiste catalog (schema copiste)");
        } else if (plan.catalog().equals("upgrade")) {
            out.println("  ~ copiste catalog upgrade");
        }
        int nameWidth = plan.steps().stream().mapToInt(s -> s.binding().length()).max().orElse(0);
        int tableWidth = plan.steps().stream().mapToInt(s -> s.table().toString().length()).max().orElse(0);
        int fnWidth = plan.steps().stream().mapToInt(s -> s.function().length()).max().orElse(0);
        for (Plan.Step s : plan.steps()) {
            out.printf("  %s %-" + nameWidth + "s  %-" + tableWidth + "s  %-" + fnWidth + "s  %s%n", symbol(s.action()),
                    s.binding(), s.table(), s.function(), s.action() == Plan.Action.KEEP ? "up to date" : s.reason());
        }
        if (plan.queue().equals("create")) {
            out.println("  + change queue of pipeline '" + plan.pipeline() + "' (for copiste run)");
        } else if (plan.queue().equals("repair")) {
            out.println("  ! change queue of pipeline '" + plan.pipeline() + "': completed (made by an older copiste)");
        } else if (plan.queue().equals("drop")) {
            out.println("  - change queue of pipeline '" + plan.pipeline() + "'");
        }
        if (plan.slot().equals("create")) {
            out.println("  + replication slot and publication of pipeline '" + plan.pipeline() + "' (capture: logical)");
        } else if (plan.slot().equals("repair")) {
            out.println("  ! publication of pipeline '" + plan.pipeline() + "': tables updated");
        } else if (plan.slot().equals("drop")) {
            out.println("  - replication slot and publication of pipeline '" + plan.pipeline() + "'");
        }
        plan.replicaIdentityFull().forEach(t -> out.println("  ~ table " + t + ": REPLICA IDENTITY FULL (logical capture"
                + " needs its whole old rows)"));
        if (plan.catalog().equals("drop")) {
            out.println("  - copiste catalog (schema copiste): this was the last pipeline");
        }
        plan.warnings().forEach(w -> out.println("  warning: " + w));
        plan.steps().stream().filter(s -> !s.targetDdl().isEmpty()).forEach(s -> out.println("  note: binding '"
                + s.binding() + "' writes to a target table that does not exist yet; 'copiste install --create-targets'"
                + " creates it"));
    }

    /** The DDL for targets' missing tables, under a heading per binding. */
    static void targetDdl(PrintWriter out, Plan plan) {
        for (Plan.Step s : plan.steps()) {
            if (!s.targetDdl().isEmpty()) {
                out.println("-- binding '" + s.binding() + "': on its target, with install --create-targets:");
                s.targetDdl().forEach(ddl -> out.println(ddl + ";\n"));
            }
        }
    }

    static String symbol(Plan.Action action) {
        return switch (action) {
            case CREATE -> "+";
            case REPLACE -> "~";
            case REPAIR -> "!";
            case DROP -> "-";
            case KEEP -> "=";
        };
    }

    static String counts(Plan plan) {
        return plan.count(Plan.Action.CREATE) + " to create, " + plan.count(Plan.Action.REPLACE) + " to replace, "
                + plan.count(Plan.Action.REPAIR) + " to repair, " + plan.count(Plan.Action.DROP) + " to drop, "
                + plan.count(Plan.Action.KEEP) + " up to date";
    }

    static String done(Plan plan) {
        return plan.count(Plan.Action.CREATE) + " created, " + plan.count(Plan.Action.REPLACE) + " replaced, "
                + plan.count(Plan.Action.REPAIR) + " repaired, " + plan.count(Plan.Action.DROP) + " dropped, "
                + plan.count(Plan.Action.KEEP) + " up to date";
    }

    static ObjectNode planJson(Plan plan) {
        ObjectNode root = JSON.createObjectNode();
        root.put("pipeline", plan.pipeline());
        root.put("database", plan.database());
        root.put("catalog", plan.catalog());
        root.put("queue", plan.queue());
        root.put("slot", plan.slot());
        root.put("changes", plan.hasChanges());
        ArrayNode warnings = root.putArray("warnings");
        plan.warnings().forEach(warnings::add);
        ArrayNode steps = root.putArray("steps");
        for (Plan.Step s : plan.steps()) {
            ObjectNode step = steps.addObject();
            step.put("binding", s.binding());
            step.put("action", s.action().name().toLowerCase());
            step.put("table", s.table().toString());
            step.put("function", s.function());
            step.put("reason", s.reason());
            ArrayNode targetDdl = step.putArray("targetDdl");
            s.targetDdl().forEach(targetDdl::add);
            ArrayNode sql = step.putArray("sql");
            s.statements().forEach(sql::add);
        }
        ArrayNode sql = root.putArray("sql");
        plan.prelude().forEach(sql::add);
        plan.statements().forEach(sql::add);
        return root;
    }

    static ArrayNode problemsJson(List<Problem> problems) {
        ArrayNode array = JSON.createArrayNode();
        for (Problem p : problems) {
            ObjectNode o = array.addObject();
            o.put("file", p.location().origin());
            if (p.location().line() > 0) {
                o.put("line", p.location().line());
                o.put("column", p.location().column());
            }
            o.put("message", p.message());
            if (p.hint() != null) {
                o.put("hint", p.hint());
            }
        }
        return array;
    }
}
