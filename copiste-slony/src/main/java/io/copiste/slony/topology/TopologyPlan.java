package io.copiste.slony.topology;

import io.copiste.slony.ClusterName;
import io.copiste.slony.Command;
import io.copiste.slony.Node;
import io.copiste.slony.SlonikScript;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Objects;

/**
 * What it takes to bring a live cluster to its topology: the steps in order, each a few {@link Command}s (waits
 * included), the changes that were refused as unsafe, and notes. {@link #script()} is the equivalent slonik script.
 * Immutable.
 *
 * @param readFrom  the node whose view of the cluster the plan starts from, {@code 0} for a fresh cluster
 * @param refusals  changes the file asks for that copiste will not make (apply refuses the whole plan while any is
 *                  left)
 * @param notes     what the reader should know: tables left out, changes that need a second apply
 * @param deferred  whether some changes can only be planned after these steps ran (a switchover, a table moving
 *                  between sets): {@link TopologyDriver#apply} then plans and applies again
 */
public record TopologyPlan(ClusterName cluster, List<Node> nodes, int readFrom, List<Step> steps,
                           List<Refusal> refusals, List<String> notes, boolean deferred) {
    public TopologyPlan {
        Objects.requireNonNull(cluster, "cluster");
        nodes = List.copyOf(nodes);
        steps = List.copyOf(steps);
        refusals = List.copyOf(refusals);
        notes = List.copyOf(notes);
    }

    /** One step: what it does, in words, and the commands that do it (run in order, in one session). */
    public record Step(String description, List<Command> commands) {
        public Step {
            Objects.requireNonNull(description, "description");
            commands = List.copyOf(commands);
        }
    }

    /** A change the file asks for that is not safe to make without being told. */
    public record Refusal(String message, String hint) {
    }

    /** Whether the live cluster already is what the file says. */
    public boolean upToDate() {
        return steps.isEmpty() && refusals.isEmpty();
    }

    /** Every command of every step. */
    public List<Command> commands() {
        return steps.stream().flatMap(s -> s.commands().stream()).toList();
    }

    /** The steps as a slonik script with this cluster's preamble (passwords left out). */
    public String script() {
        return SlonikScript.render(cluster, nodes, commands());
    }

    /** The plan for a reader: numbered steps, refusals with hints, notes. */
    public String describe() {
        StringWriter text = new StringWriter();
        PrintWriter out = new PrintWriter(text);
        out.println("plan for cluster " + cluster + (readFrom > 0 ? " (as node " + readFrom + " sees it)"
                : " (no node has it yet)") + ": " + (steps.isEmpty() ? "nothing to do" : steps.size() + " step"
                + (steps.size() == 1 ? "" : "s")));
        for (int i = 0; i < steps.size(); i++) {
            out.println("  " + (i + 1) + ". " + steps.get(i).description());
        }
        if (!refusals.isEmpty()) {
            out.println("refused (nothing will be applied until these are resolved):");
            for (Refusal r : refusals) {
                out.println("  " + r.message());
                if (r.hint() != null) {
                    out.println("    hint: " + r.hint());
                }
            }
        }
        for (String note : notes) {
            out.println("note: " + note);
        }
        out.flush();
        return text.toString();
    }
}
