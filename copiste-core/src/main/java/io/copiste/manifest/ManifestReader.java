package io.copiste.manifest;

import io.copiste.function.FunctionDefinition;
import io.copiste.function.FunctionProvider;
import io.copiste.function.Functions;
import io.copiste.function.Operation;
import io.copiste.function.TargetProvider;
import io.copiste.sql.TableName;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns a {@link Node} tree into a {@link Manifest}, collecting every problem on the way. The YAML loader and the
 * Java builder both come through here, so both are validated the same way.
 */
final class ManifestReader {
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,62}");
    private static final String NAME_HINT = "use letters, digits, '_', '.' and '-', starting with a letter or digit"
            + " (at most 63 characters)";

    private final Problems problems;
    private final Functions functions;

    ManifestReader(Problems problems, Functions functions) {
        this.problems = problems;
        this.functions = functions;
    }

    Manifest read(Node root, String origin) {
        if (!(root instanceof Node.Mapping top)) {
            problems.add(root.location(), "the manifest must be a map with 'pipeline:', 'source:' and 'bindings:', not "
                    + root.kind(), null);
            return null;
        }
        boolean allowPlaintext = false;
        Node.Entry plaintext = top.entries().get("allowPlaintextSecrets");
        if (plaintext != null) {
            if (plaintext.value() instanceof Node.Scalar s && s.type() == Node.Scalar.Type.BOOLEAN) {
                allowPlaintext = Boolean.parseBoolean(s.text().toLowerCase(Locale.ROOT));
            } else {
                problems.add(plaintext.value().location(), "'allowPlaintextSecrets' must be true or false", null);
            }
        }
        Settings.Reader shared = new Settings.Reader(problems, allowPlaintext, new LinkedHashMap<>());
        Settings root0 = new Settings(top, top.location(), Settings.ROOT, shared);
        root0.has("allowPlaintextSecrets");

        String pipeline = root0.string("pipeline");
        if (pipeline != null && !NAME.matcher(pipeline).matches()) {
            root0.problem("pipeline", "pipeline name '" + pipeline + "' is not valid", NAME_HINT);
        }
        Source source = readSource(root0.section("source"));
        readTargets(root0, shared.targets());
        Capture capture = root0.choice("capture", Capture.class, Capture.TRIGGER);
        List<Binding> bindings = readBindings(root0);
        if (capture == Capture.LOGICAL) {
            checkLogical(root0, bindings);
        }
        root0.finish();
        return new Manifest(pipeline, source, Map.copyOf(shared.targets()), bindings, capture, Location.of(origin));
    }

    /** What logical capture cannot do (yet) for a delivered binding: a 'when' filter, parking failed changes. */
    private static void checkLogical(Settings root, List<Binding> bindings) {
        for (Binding b : bindings) {
            if (!b.delivered()) {
                continue;
            }
            if (b.when() != null) {
                root.problem(b.location(), "binding '" + b.name() + "' has a 'when' condition, which 'capture: logical'"
                        + " cannot evaluate (there is no trigger)", "filter in the function, or use 'capture: trigger'");
            }
            if (b.onError() == Binding.OnError.PARK) {
                root.problem(b.location(), "binding '" + b.name() + "' has 'onError: park', which 'capture: logical'"
                        + " does not support (a parked change could not be requeued)",
                        "use 'onError: stop', or 'capture: trigger'");
            }
        }
    }

    private Source readSource(Settings s) {
        String host = s.string("host", null);
        int port = s.integer("port", 0, 1, 65535);
        String database = s.string("database", null);
        String user = s.string("user", null);
        Secret password = s.secret("password");
        Map<String, String> params = s.stringMap("params");
        return new Source(host, port == 0 ? null : port, database, user, password, params, s.location());
    }

    private void readTargets(Settings root, Map<String, Target> into) {
        Settings targets = root.section("targets");
        Node.Mapping map = targets.node();
        for (Node.Entry e : map.entries().values()) {
            targets.has(e.key());
            if (!NAME.matcher(e.key()).matches()) {
                problems.add(e.keyLocation(), "target name '" + e.key() + "' is not valid", NAME_HINT);
            }
            if (!(e.value() instanceof Node.Mapping m)) {
                problems.add(e.value().location(), "target '" + e.key() + "' must be a map with a 'type', not "
                        + e.value().kind(), null);
                continue;
            }
            Node.Entry type = m.entries().get("type");
            if (type == null || !(type.value() instanceof Node.Scalar ts) || ts.type() == Node.Scalar.Type.NULL) {
                problems.add(m.location(), "target '" + e.key() + "' needs a 'type'", "for example 'type: ldap'");
                continue;
            }
            TargetProvider provider = functions.target(ts.text());
            if (provider == null) {
                problems.add(type.value().location(), "unknown target type '" + ts.text() + "' for target '" + e.key()
                        + "'", functions.targets().isEmpty() ? "no module providing target types is on the class path"
                        : Suggest.hint(ts.text(), functions.targets().keySet()).replace("valid keys here", "known types"));
                continue;
            }
            Settings settings0 = new Settings(m, e.keyLocation(), "target '" + e.key() + "'", targets.reader());
            settings0.has("type");
            Object definition = provider.define(settings0);
            targets.adopt(settings0);
            Map<String, Object> settings = new LinkedHashMap<>();
            m.entries().values().stream().filter(x -> !x.key().equals("type"))
                    .forEach(x -> settings.put(x.key(), Nodes.toJava(x.value())));
            into.put(e.key(), new Target(e.key(), ts.text(), settings, definition, m.location()));
        }
    }

    private List<Binding> readBindings(Settings root) {
        List<Settings> items = root.sections("bindings");
        if (!root.has("bindings")) {
            root.problem("bindings", "the manifest has no 'bindings:'",
                    "add a list of bindings, each with 'name', 'table' and 'function'");
        }
        List<Binding> out = new ArrayList<>();
        Map<String, Location> names = new HashMap<>();
        for (Settings b : items) {
            Binding binding = readBinding(b, names);
            if (binding != null) {
                out.add(binding);
            }
        }
        return out;
    }

    private Binding readBinding(Settings b, Map<String, Location> names) {
        String name = b.string("name");
        if (name != null) {
            b.describeAs("binding '" + name + "'");
        }
        if (name != null && !NAME.matcher(name).matches()) {
            b.problem("name", "binding name '" + name + "' is not valid", NAME_HINT);
        }
        Location previous = name == null ? null : names.putIfAbsent(name, b.location());
        if (previous != null) {
            b.problem("name", "duplicate binding name '" + name + "' (first at line " + previous.line() + ")",
                    "binding names must be unique within a pipeline");
        }
        TableName table = null;
        String tableText = b.string("table");
        if (tableText != null) {
            try {
                table = TableName.parse(tableText);
            } catch (IllegalArgumentException e) {
                b.problem("table", "'table' is not a table name: " + e.getMessage(), null);
            }
        }
        Set<Operation> ops = EnumSet.noneOf(Operation.class);
        for (String op : b.strings("on")) {
            try {
                Operation parsed = Operation.valueOf(op.strip().toUpperCase(Locale.ROOT));
                if (parsed == Operation.SNAPSHOT) {
                    throw new IllegalArgumentException("snapshot");
                }
                ops.add(parsed);
            } catch (IllegalArgumentException e) {
                b.problem("on", "'on' cannot contain '" + op + "'", "use insert, update, delete or truncate");
            }
        }
        List<String> columns = columnList(b, "columns");
        List<String> key = columnList(b, "key");
        String when = b.string("when", null);
        if (when != null) {
            String problem = WhenCheck.problem(when);
            if (problem != null) {
                b.problem("when", "'when' is not a valid condition: " + problem,
                        "write an SQL boolean expression on NEW and OLD, e.g. NEW.active AND NEW.email IS NOT NULL");
            }
        }
        Binding.OnError onError = b.choice("onError", Binding.OnError.class, Binding.OnError.STOP);
        FunctionSpec function = readFunction(b.section("function"), name);
        if (function != null && b.has("onError")
                && !(function.definition() instanceof io.copiste.function.DeliveredFunction)) {
            b.problem("onError", "'onError' applies only to functions delivered by copiste run, not to '"
                    + function.type() + "', which runs inside the trigger", "remove 'onError'");
        }
        if (name == null || table == null || function == null) {
            return null;
        }
        return new Binding(name, table, ops, columns, key, when, function, onError, b.location());
    }

    private List<String> columnList(Settings b, String key) {
        List<String> out = new ArrayList<>();
        for (String c : b.strings(key)) {
            try {
                List<String> parts = TableName.splitQualified(c);
                if (parts.size() != 1) {
                    b.problem(key, "'" + c + "' in '" + key + "' is not a column name", "write the column alone");
                } else if (out.contains(parts.get(0))) {
                    b.problem(key, "column '" + c + "' is listed twice in '" + key + "'", null);
                } else {
                    out.add(parts.get(0));
                }
            } catch (IllegalArgumentException e) {
                b.problem(key, "'" + key + "' has a bad column name: " + e.getMessage(), null);
            }
        }
        return out;
    }

    private FunctionSpec readFunction(Settings f, String binding) {
        if (!f.has("type") && f.node().entries().isEmpty()) {
            f.problem("function", "binding '" + binding + "' needs a 'function' with a 'type'",
                    "for example: function: {type: log, message: \"{op} on {table}\"}");
            return null;
        }
        String type = f.string("type");
        if (type == null) {
            return null;
        }
        FunctionProvider provider = functions.get(type);
        if (provider == null) {
            f.problem("type", "unknown function type '" + type + "'",
                    Suggest.hint(type, functions.all().keySet()).replace("valid keys here", "known types"));
            f.node().entries().keySet().forEach(f::has);
            return null;
        }
        FunctionDefinition definition = provider.define(f);
        Map<String, Object> settings = new LinkedHashMap<>(f.storedValues());
        settings.remove("type");
        return new FunctionSpec(type, settings, definition);
    }
}
