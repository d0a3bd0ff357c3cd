package io.copiste.slony.topology;

import io.copiste.manifest.Location;
import io.copiste.manifest.ManifestException;
import io.copiste.manifest.Problem;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Collects every problem of a topology so that all are reported at once, sorted by position; a minimal equivalent
 * of the manifest's package-private collector. Not thread-safe.
 */
final class Problems {
    private final List<Problem> list = new ArrayList<>();

    void add(Location location, String message, String hint) {
        list.add(new Problem(location, message, hint));
    }

    boolean isEmpty() {
        return list.isEmpty();
    }

    /** Throws a {@link ManifestException} (exit code 3) carrying every problem, if there is any. */
    void throwIfAny() {
        if (!list.isEmpty()) {
            List<Problem> sorted = new ArrayList<>(list);
            sorted.sort(Comparator.comparing((Problem p) -> p.location().origin())
                    .thenComparingInt(p -> p.location().line()).thenComparingInt(p -> p.location().column()));
            throw new ManifestException(sorted);
        }
    }
}
