package io.copiste.manifest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A function's (or target's) settings as written in the manifest, read by its provider.
 *
 * <p>Every accessor records the key as known; a problem (missing, wrong type, out of range) is recorded with its
 * file:line:column instead of thrown, so all problems of a manifest are reported together. An accessor that found
 * a problem returns its default (or {@code null}). When the provider is done, keys it never asked for are
 * reported as unknown, with the closest known key as a hint.
 *
 * <p>Enum choices are written in lower case with {@code -} for {@code _}: {@code SOFT_DELETE} is
 * {@code soft-delete}. Not thread-safe; used only while a manifest is read.
 */
public final class Settings {
    private final Node.Mapping map;
    private final Location location;
    private String context;
    private final Reader reader;
    private final Set<String> known = new LinkedHashSet<>();
    private final List<Settings> children = new ArrayList<>();

    static final String ROOT = "the manifest";
    private static final String FILE = "the file";
    private static final YAMLFactory EMPTY_CHECK = YAMLFactory.builder().build();

    /**
     * What a manifest read shares with every settings section, including the scalars read as secrets written in
     * clear (kept by identity, so that the stored form of the settings can leave them out).
     */
    record Reader(Problems problems, boolean allowPlaintextSecrets, Map<String, Target> targets,
                  Set<Node> plainSecrets) {
        Reader(Problems problems, boolean allowPlaintextSecrets, Map<String, Target> targets) {
            this(problems, allowPlaintextSecrets, targets, Collections.newSetFromMap(new IdentityHashMap<>()));
        }
    }

    /** What a secret written in clear becomes in the settings' stored form (the catalog, {@code plan}). */
    public static final String HIDDEN_SECRET = "(a secret written in clear: not stored)";

    /**
     * These settings as plain Java values, as they may be stored and shown: secret references as written, secrets
     * written in clear replaced by {@link #HIDDEN_SECRET}.
     */
    public Map<String, Object> storedValues() {
        @SuppressWarnings("unchecked")
        Map<String, Object> values = (Map<String, Object>) Nodes.toJava(map, reader.plainSecrets()::contains,
                HIDDEN_SECRET);
        return values;
    }

    Settings(Node.Mapping map, Location location, String context, Reader reader) {
        this.map = map != null ? map : new Node.Mapping(Map.of(), location);
        this.location = location;
        this.context = context;
        this.reader = reader;
    }

    /**
     * Reads a YAML document with copiste's conventions — every problem at once with file:line:column, unknown keys
     * with a "did you mean", secrets by reference unless the document's top-level {@code allowPlaintextSecrets} is
     * true — for files other than manifests (the Slony topology). {@code body} reads the top-level settings.
     *
     * @throws ManifestException listing every problem
     */
    public static <T> T read(String yaml, String origin, java.util.function.Function<Settings, T> body) {
        Problems problems = new Problems();
        if (isEmptyDocument(yaml)) {
            problems.add(new Location(origin, 1, 1), "the file is empty", null);
            problems.throwIfAny();
        }
        Node root = new YamlReader(origin, problems).read(yaml);
        T result = null;
        if (root instanceof Node.Mapping top) {
            boolean plaintext = top.entries().get("allowPlaintextSecrets") != null
                    && top.entries().get("allowPlaintextSecrets").value() instanceof Node.Scalar sc
                    && sc.type() == Node.Scalar.Type.BOOLEAN && Boolean.parseBoolean(sc.text().toLowerCase(Locale.ROOT));
            Settings settings = new Settings(top, top.location(), FILE, new Reader(problems, plaintext, Map.of()));
            settings.bool("allowPlaintextSecrets", false);
            result = body.apply(settings);
            settings.finish();
        } else if (root != null) {
            problems.add(root.location(), "the file must be a map of settings, not " + root.kind(), null);
        }
        problems.throwIfAny();
        return result;
    }

    /** Whether the text holds no YAML value (blank, comments only); syntax errors are left to the reader. */
    private static boolean isEmptyDocument(String yaml) {
        try (JsonParser parser = EMPTY_CHECK.createParser(yaml)) {
            return parser.nextToken() == null;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * An optional list whose items are plain values or maps: each item is a {@code String} or a {@link Settings}.
     * A single value or map counts as a list of one. Absent: an empty list.
     */
    public List<Object> items(String key) {
        Node node = optional(key);
        if (node == null) {
            return List.of();
        }
        if (node instanceof Node.Scalar single) {
            return List.of(single.text());
        }
        if (node instanceof Node.Mapping) {
            return List.of(section(key));
        }
        Node.Sequence seq = (Node.Sequence) node;
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < seq.items().size(); i++) {
            Node item = seq.items().get(i);
            if (item instanceof Node.Mapping m) {
                Settings child = new Settings(m, m.location(), childContext(key) + "[" + i + "]", reader);
                children.add(child);
                out.add(child);
            } else if (isValueItem(item)) {
                out.add(((Node.Scalar) item).text());
            } else {
                reader.problems().add(item.location(), "items of '" + key + "' must be values or maps, not "
                        + item.kind(), null);
            }
        }
        return out;
    }

    /**
     * Where the {@code index}-th item of {@link #items(String) items(key)} was written, e.g. for a plain value, which
     * carries no location of its own; the key's location if there is no such item (or a single value).
     */
    public Location location(String key, int index) {
        Node.Entry e = map.entries().get(key);
        if (e != null && e.value() instanceof Node.Sequence seq) {
            int i = 0;
            for (Node item : seq.items()) {
                if ((item instanceof Node.Mapping || isValueItem(item)) && i++ == index) {
                    return item.location();
                }
            }
        }
        return location(key);
    }

    private static boolean isValueItem(Node item) {
        return item instanceof Node.Scalar sc && sc.type() != Node.Scalar.Type.NULL;
    }

    /** Settings from plain Java values (strings, numbers, booleans, lists, maps), as the builder API gives them. */
    public static Settings of(Map<String, ?> values, String context) {
        Problems problems = new Problems();
        Location where = Location.of(context);
        return new Settings((Node.Mapping) Nodes.fromJava(values, where), where, context,
                new Reader(problems, true, Map.of()));
    }

    /** What this section shares with the rest of the manifest. */
    Reader reader() {
        return reader;
    }

    /** Takes a separately made section as a child, so its unknown keys are reported by {@link #finish()}. */
    void adopt(Settings child) {
        children.add(child);
    }

    /** Names these settings in messages from now on, e.g. {@code binding 'people'}. */
    void describeAs(String description) {
        this.context = description;
    }

    private String childContext(String key) {
        return context.equals(ROOT) || context.equals(FILE) ? key : context + (context.endsWith("'") ? " " : ".") + key;
    }

    /** Where these settings were written. */
    public Location location() {
        return location;
    }

    /** Where {@code key} was written, or these settings' location if it is absent. */
    public Location location(String key) {
        Node.Entry e = map.entries().get(key);
        return e != null ? e.value().location() : location;
    }

    /** The keys written in this section, in order (each marked known). */
    public java.util.Set<String> keys() {
        known.addAll(map.entries().keySet());
        return java.util.Collections.unmodifiableSet(new java.util.LinkedHashSet<>(map.entries().keySet()));
    }

    /** Whether the value under {@code key} is a map (a nested section) rather than a scalar or a list. */
    public boolean isSection(String key) {
        Node.Entry e = map.entries().get(key);
        return e != null && e.value() instanceof Node.Mapping;
    }

    /** Whether the value under {@code key} is a list (and marks it known). */
    public boolean isList(String key) {
        known.add(key);
        Node.Entry e = map.entries().get(key);
        return e != null && e.value() instanceof Node.Sequence;
    }

    /** Whether {@code key} is present (and marks it known). */
    public boolean has(String key) {
        known.add(key);
        return map.entries().containsKey(key);
    }

    /** A required string. */
    public String string(String key) {
        Node node = require(key);
        return node == null ? null : scalarText(key, node);
    }

    /** An optional string. */
    public String string(String key, String defaultValue) {
        Node node = optional(key);
        if (node == null) {
            return defaultValue;
        }
        String text = scalarText(key, node);
        return text == null ? defaultValue : text;
    }

    /** A required integer within {@code [min, max]}; {@code null} when it is missing or invalid. */
    public Integer integer(String key, int min, int max) {
        Node node = require(key);
        return node == null ? null : integerValue(key, node, min, max);
    }

    /** An optional integer within {@code [min, max]}. */
    public int integer(String key, int defaultValue, int min, int max) {
        Node node = optional(key);
        Integer value = node == null ? null : integerValue(key, node, min, max);
        return value == null ? defaultValue : value;
    }

    private Integer integerValue(String key, Node node, int min, int max) {
        if (node instanceof Node.Scalar s && s.type() == Node.Scalar.Type.INTEGER) {
            try {
                int value = Integer.parseInt(s.text());
                if (value >= min && value <= max) {
                    return value;
                }
            } catch (NumberFormatException ignored) {
                // falls through to the range problem
            }
            problem(key, "'" + key + "' must be between " + min + " and " + max + ", not " + s.text(), null);
            return null;
        }
        wrongType(key, node, "an integer");
        return null;
    }

    /** An optional duration such as {@code 10s} or {@code 500ms}. */
    public java.time.Duration duration(String key, java.time.Duration defaultValue) {
        String text = string(key, null);
        if (text == null) {
            return defaultValue;
        }
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException e) {
            problem(key, "'" + key + "': " + e.getMessage(), null);
            return defaultValue;
        }
    }

    /** An optional decimal number. */
    public BigDecimal decimal(String key, BigDecimal defaultValue) {
        Node node = optional(key);
        if (node == null) {
            return defaultValue;
        }
        if (node instanceof Node.Scalar s
                && (s.type() == Node.Scalar.Type.INTEGER || s.type() == Node.Scalar.Type.DECIMAL)) {
            return new BigDecimal(s.text());
        }
        wrongType(key, node, "a number");
        return defaultValue;
    }

    /** An optional boolean ({@code true} or {@code false}). */
    public boolean bool(String key, boolean defaultValue) {
        Node node = optional(key);
        if (node == null) {
            return defaultValue;
        }
        if (node instanceof Node.Scalar s && s.type() == Node.Scalar.Type.BOOLEAN) {
            return Boolean.parseBoolean(s.text().toLowerCase(Locale.ROOT));
        }
        wrongType(key, node, "true or false");
        return defaultValue;
    }

    /** An optional choice among an enum's constants, written in lower case with '-' for '_'. */
    public <E extends Enum<E>> E choice(String key, Class<E> type, E defaultValue) {
        Node node = optional(key);
        if (node == null) {
            return defaultValue;
        }
        String text = scalarText(key, node);
        if (text == null) {
            return defaultValue;
        }
        for (E constant : type.getEnumConstants()) {
            if (choiceName(constant).equals(text.strip().toLowerCase(Locale.ROOT))) {
                return constant;
            }
        }
        List<String> names = Arrays.stream(type.getEnumConstants()).map(Settings::choiceName).toList();
        problem(key, "'" + key + "' cannot be '" + text + "'", "use one of: " + String.join(", ", names));
        return defaultValue;
    }

    /** How an enum constant is written in a manifest. */
    public static String choiceName(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** An optional list of strings; a single string counts as a list of one. Absent: an empty list. */
    public List<String> strings(String key) {
        Node node = optional(key);
        if (node == null) {
            return List.of();
        }
        if (node instanceof Node.Scalar s && s.type() != Node.Scalar.Type.NULL) {
            return List.of(s.text());
        }
        if (node instanceof Node.Sequence seq) {
            List<String> out = new ArrayList<>();
            for (Node item : seq.items()) {
                if (item instanceof Node.Scalar s && s.type() != Node.Scalar.Type.NULL) {
                    out.add(s.text());
                } else {
                    reader.problems().add(item.location(), "items of '" + key + "' must be strings, not "
                            + item.kind(), null);
                }
            }
            return List.copyOf(out);
        }
        wrongType(key, node, "a list of strings");
        return List.of();
    }

    /** An optional map of string to string, in written order. Absent: an empty map. */
    public Map<String, String> stringMap(String key) {
        Node node = optional(key);
        if (node == null) {
            return Map.of();
        }
        if (!(node instanceof Node.Mapping m)) {
            wrongType(key, node, "a map");
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Node.Entry e : m.entries().values()) {
            if (e.value() instanceof Node.Scalar s && s.type() != Node.Scalar.Type.NULL) {
                out.put(e.key(), s.text());
            } else {
                reader.problems().add(e.value().location(), "'" + key + "." + e.key() + "' must be a string, not "
                        + e.value().kind(), null);
            }
        }
        return Collections.unmodifiableMap(out);
    }

    /** A nested section; absent gives empty settings. Unknown keys inside are reported like these. */
    public Settings section(String key) {
        Node node = optional(key);
        Settings child;
        if (node instanceof Node.Mapping m) {
            child = new Settings(m, map.entries().get(key).keyLocation(), childContext(key), reader);
        } else {
            if (node != null) {
                wrongType(key, node, "a map");
            }
            child = new Settings(null, location(key), childContext(key), reader);
        }
        children.add(child);
        return child;
    }

    /** A list of nested sections; absent gives an empty list. */
    public List<Settings> sections(String key) {
        Node node = optional(key);
        if (node == null) {
            return List.of();
        }
        if (!(node instanceof Node.Sequence seq)) {
            wrongType(key, node, "a list of maps");
            return List.of();
        }
        List<Settings> out = new ArrayList<>();
        for (int i = 0; i < seq.items().size(); i++) {
            Node item = seq.items().get(i);
            if (item instanceof Node.Mapping m) {
                Settings child = new Settings(m, m.location(), childContext(key) + "[" + i + "]", reader);
                children.add(child);
                out.add(child);
            } else {
                reader.problems().add(item.location(), "items of '" + key + "' must be maps, not " + item.kind(),
                        null);
            }
        }
        return out;
    }

    /**
     * An optional secret: {@code ${env:NAME}} or {@code ${file:/path}}. A value written in clear is refused unless
     * the manifest sets {@code allowPlaintextSecrets: true}.
     */
    public Secret secret(String key) {
        Node node = optional(key);
        if (node == null) {
            return null;
        }
        String text = scalarText(key, node);
        if (text == null) {
            return null;
        }
        Secret secret = Secret.parse(text);
        if (secret.isPlain()) {
            reader.plainSecrets().add(node);
            if (!reader.allowPlaintextSecrets()) {
                problem(key, "'" + key + "' is written in clear text", "use ${env:NAME} or ${file:/path}, or set"
                        + " 'allowPlaintextSecrets: true' at the top of the manifest");
            }
        }
        return secret;
    }

    /** A required reference to a target of the given type, declared under {@code targets:}. */
    public Target target(String key, String type) {
        String name = string(key);
        if (name == null) {
            return null;
        }
        Target target = reader.targets().get(name);
        if (target == null) {
            String closest = Suggest.closest(name, reader.targets().keySet());
            problem(key, "target '" + name + "' is not declared",
                    closest != null ? "did you mean '" + closest + "'?" : "declare it under 'targets:'");
            return null;
        }
        if (!target.type().equals(type)) {
            problem(key, "target '" + name + "' is of type " + target.type() + ", this needs a " + type + " target",
                    null);
            return null;
        }
        return target;
    }

    /** Records a problem about {@code key} (at its location, or at these settings if absent). */
    public void problem(String key, String message, String hint) {
        reader.problems().add(location(key), message, hint);
    }

    /** Records a problem at a given location: a list item's, or another object's for a check across objects. */
    public void problem(Location at, String message, String hint) {
        reader.problems().add(at, message, hint);
    }

    /** Whether any problem has been recorded so far in this manifest. */
    public boolean hasProblems() {
        return !reader.problems().isEmpty();
    }

    /** Reports the keys nobody asked for, here and in nested sections. */
    void finish() {
        for (Node.Entry e : map.entries().values()) {
            if (!known.contains(e.key())) {
                reader.problems().add(e.keyLocation(), "unknown key '" + e.key() + "' in " + context,
                        known.isEmpty() ? "this section takes no settings" : Suggest.hint(e.key(), known));
            }
        }
        children.forEach(Settings::finish);
    }

    /** The settings as plain Java values, in written order (strings, numbers, booleans, lists, maps). */
    Node.Mapping node() {
        return map;
    }

    private Node optional(String key) {
        known.add(key);
        Node.Entry e = map.entries().get(key);
        if (e == null || (e.value() instanceof Node.Scalar s && s.type() == Node.Scalar.Type.NULL)) {
            return null;
        }
        return e.value();
    }

    private Node require(String key) {
        Node node = optional(key);
        if (node == null) {
            reader.problems().add(location, context + " needs '" + key + "'", null);
        }
        return node;
    }

    private String scalarText(String key, Node node) {
        if (node instanceof Node.Scalar s && s.type() != Node.Scalar.Type.NULL) {
            return s.text();
        }
        wrongType(key, node, "a string");
        return null;
    }

    private void wrongType(String key, Node node, String expected) {
        reader.problems().add(node.location(), "'" + key + "' must be " + expected + ", not " + node.kind(), null);
    }
}
