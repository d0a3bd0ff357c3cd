package io.copiste.slony.topology;

import io.copiste.slony.Command;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A plan being written: steps, refusals, notes, and the ids of temporary sets. Not thread-safe. */
final class Draft {
    /** Sets created to bring tables into a subscribed set carry this comment, followed by the set's id. */
    static final String TEMPORARY = "copiste: tables joining set ";

    final List<TopologyPlan.Step> steps = new ArrayList<>();
    final List<TopologyPlan.Refusal> refusals = new ArrayList<>();
    final List<String> notes = new ArrayList<>();
    boolean deferred;
    private int nextSetId;

    Draft(int firstFreeSetId) {
        this.nextSetId = firstFreeSetId;
    }

    void step(String description, Command... commands) {
        steps.add(new TopologyPlan.Step(description, List.of(commands)));
    }

    void step(String description, List<Command> commands) {
        steps.add(new TopologyPlan.Step(description, commands));
    }

    void refuse(String message, String hint) {
        refusals.add(new TopologyPlan.Refusal(message, hint));
    }

    void note(String note) {
        notes.add(note);
    }

    int temporarySetId() {
        return nextSetId++;
    }

    /** Waits until every node has confirmed the last event of this session on {@code origin}. */
    static Command waitAll(int origin) {
        return new Command.WaitForEvent(origin, 0, Duration.ZERO);
    }

    /** The set a temporary set will be merged into, or 0 when the comment is not a temporary set's. */
    static int temporaryTarget(String comment) {
        if (comment == null || !comment.startsWith(TEMPORARY)) {
            return 0;
        }
        try {
            return Integer.parseInt(comment.substring(TEMPORARY.length()).strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
