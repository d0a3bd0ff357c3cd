package io.copiste.slony.topology;

import io.copiste.manifest.Location;
import io.copiste.manifest.Suggest;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A map of the topology read key by key: each accessor marks its key as known and records a located problem
 * (missing, wrong type, out of range) instead of throwing, returning a default, so that every problem of a file is
 * reported together. {@link #finish()} then reports the keys nobody asked for, with the closest known one as a hint.
 * A minimal equivalent of the manifest's {@code Settings}, whose constructor is package-private. Not thread-safe.
 */
final class Section {
    private final Yaml.Mapping map;
    private final String context;
    private final Problems problems;
    private final Set<String> known = new LinkedHashSet<>();
    private final List<Section> children = new ArrayList<>();

    Section(Yaml.Mapping map, String context, Problems problems) {
        this.map = map;
        this.context = context;
        this.problems = problems;
    }

    Location location() {
        return map.location();
    }

    /** Where {@code key}'s value was written, or this section's location if it is absent. */
    Location location(String key) {
        Yaml.Entry e = map.entries().get(key);
        return e != null ? e.value().location() : map.location();
    }

    boolean has(String key) {
        known.add(key);
        return value(key) != null;
    }

    /** The raw value, or null when absent or null; marks the key known. */
    Yaml value(String key) {
        known.add(key);
        Yaml.Entry e = map.entries().get(key);
        if (e == null || e.value() instanceof Yaml.Scalar s && s.type() == Yaml.Scalar.Type.NULL) {
            return null;
        }
        return e.value();
    }

    String string(String key) {
        Yaml v = value(key);
        if (v == null) {
            problems.add(map.location(), context + " needs '" + key + "'", null);
            return null;
        }
        return text(key, v);
    }

    String string(String key, String fallback) {
        Yaml v = value(key);
        String text = v == null ? null : text(key, v);
        return text == null ? fallback : text;
    }

    /** A required integer in {@code [min, max]}; 0 after a problem. */
    int integer(String key, int min, int max) {
        if (value(key) == null) {
            problems.add(map.location(), context + " needs '" + key + "'", null);
            return 0;
        }
        return integer(key, 0, min, max);
    }

    int integer(String key, int fallback, int min, int max) {
        Yaml v = value(key);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Yaml.Scalar s && s.type() == Yaml.Scalar.Type.INTEGER) {
            try {
                int n = Integer.parseInt(s.text());
                if (n >= min && n <= max) {
                    return n;
                }
            } catch (NumberFormatException ignored) {
                // reported as out of range below
            }
            problems.add(v.location(), "'" + key + "' must be between " + min + " and " + max + ", not " + s.text(),
                    null);
            return fallback;
        }
        wrongType(key, v, "an integer");
        return fallback;
    }

    boolean bool(String key, boolean fallback) {
        Yaml v = value(key);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Yaml.Scalar s && s.type() == Yaml.Scalar.Type.BOOLEAN) {
            return Boolean.parseBoolean(s.text().toLowerCase(Locale.ROOT));
        }
        wrongType(key, v, "true or false");
        return fallback;
    }

    /** The items of a list (absent: none); a single value counts as a list of one. */
    List<Yaml> items(String key) {
        Yaml v = value(key);
        if (v == null) {
            return List.of();
        }
        return v instanceof Yaml.Sequence seq ? seq.items() : List.of(v);
    }

    /** A map item of a list as a section named {@code context}, or null (and a problem) when it is not a map. */
    Section child(Yaml item, String key, String childContext) {
        if (item instanceof Yaml.Mapping m) {
            Section child = new Section(m, childContext, problems);
            children.add(child);
            return child;
        }
        problems.add(item.location(), "items of '" + key + "' in " + context + " must be maps, not " + item.kind(),
                null);
        return null;
    }

    void problem(String key, String message, String hint) {
        problems.add(location(key), message, hint);
    }

    Problems problems() {
        return problems;
    }

    String context() {
        return context;
    }

    /** Reports unknown keys here and in every child section. */
    void finish() {
        for (Map.Entry<String, Yaml.Entry> e : map.entries().entrySet()) {
            if (!known.contains(e.getKey())) {
                String closest = Suggest.closest(e.getKey(), known);
                problems.add(e.getValue().keyLocation(), "unknown key '" + e.getKey() + "' in " + context,
                        closest != null ? "did you mean '" + closest + "'?" : "valid keys here: "
                                + String.join(", ", known));
            }
        }
        children.forEach(Section::finish);
    }

    /** The text of a scalar value, or null (and a problem) for a list or map. */
    String text(String key, Yaml v) {
        if (v instanceof Yaml.Scalar s && s.type() != Yaml.Scalar.Type.NULL) {
            return s.text();
        }
        wrongType(key, v, "a string");
        return null;
    }

    private void wrongType(String key, Yaml v, String expected) {
        problems.add(v.location(), "'" + key + "' in " + context + " must be " + expected + ", not " + v.kind(), null);
    }
}
