package io.copiste.manifest;

import io.copiste.CopisteException;
import io.copiste.ErrorCode;

import java.util.List;

/**
 * A manifest that cannot be used. Carries every problem found, not only the first, so a user fixes them all in
 * one round.
 */
public final class ManifestException extends CopisteException {
    private final List<Problem> problems;

    public ManifestException(List<Problem> problems) {
        super(ErrorCode.INVALID_MANIFEST, summary(problems), "fix the problems listed above, then run 'copiste validate'");
        this.problems = List.copyOf(problems);
    }

    private static String summary(List<Problem> problems) {
        if (problems.size() == 1) {
            Problem p = problems.get(0);
            return p.location() + ": " + p.message();
        }
        return problems.size() + " problems in " + problems.get(0).location().origin();
    }

    /** Every problem, in the order they appear in the file. */
    public List<Problem> problems() {
        return problems;
    }
}
