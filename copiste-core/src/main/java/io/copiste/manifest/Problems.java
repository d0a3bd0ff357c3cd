package io.copiste.manifest;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Collects problems while a manifest is read, so all of them are reported at once. Not thread-safe. */
final class Problems {
    private final List<Problem> list = new ArrayList<>();

    void add(Location location, String message, String hint) {
        list.add(new Problem(location, message, hint));
    }

    void add(Problem problem) {
        list.add(problem);
    }

    boolean isEmpty() {
        return list.isEmpty();
    }

    int size() {
        return list.size();
    }

    /** Throws a {@link ManifestException} carrying every problem, sorted by position, if there is any. */
    void throwIfAny() {
        if (!list.isEmpty()) {
            List<Problem> sorted = new ArrayList<>(list);
            sorted.sort(Comparator.comparing((Problem p) -> p.location().origin())
                    .thenComparingInt(p -> p.location().line())
                    .thenComparingInt(p -> p.location().column()));
            throw new ManifestException(sorted);
        }
    }
}
