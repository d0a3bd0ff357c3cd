package io.copiste.install;

import io.copiste.CopisteException;
import io.copiste.ErrorCode;
import io.copiste.manifest.Problem;

import java.util.List;

/**
 * The database is not ready for a manifest: tables, columns or privileges are missing, or a condition does not
 * compile. Carries every problem found. Nothing was changed.
 */
public final class DatabaseCheckException extends CopisteException {
    private final List<Problem> problems;
    private final boolean unreachableTargets;

    /** @param unreachableTargets whether every problem is a target that could not be reached */
    public DatabaseCheckException(List<Problem> problems, boolean unreachableTargets) {
        super(ErrorCode.DATABASE_NOT_READY, problems.size() == 1 ? problems.get(0).location() + ": "
                        + problems.get(0).message() : problems.size() + " problems with the database",
                problems.size() == 1 ? problems.get(0).hint() : "fix the problems listed above, then run 'copiste check'");
        this.problems = List.copyOf(problems);
        this.unreachableTargets = unreachableTargets;
    }

    /** Whether every problem is a target that could not be reached: an outage that may pass, not a mistake. */
    public boolean unreachableTargets() {
        return unreachableTargets;
    }

    public List<Problem> problems() {
        return problems;
    }
}
