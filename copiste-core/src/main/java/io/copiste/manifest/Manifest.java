package io.copiste.manifest;

import io.copiste.CopisteException;
import io.copiste.ErrorCode;
import io.copiste.function.Functions;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One pipeline: the source database, named targets, and bindings. Immutable and thread-safe.
 *
 * <p>Made from YAML with {@link #load(Path)} / {@link #parse(String, String)}, or in code with
 * {@link #builder(String)}; both validate the same way and throw a {@link ManifestException} listing every
 * problem. See {@code docs/manifest.md} for the format.
 *
 * @param pipeline the pipeline's name (unique in a database)
 * @param source   the database captured from
 * @param targets  named connections used by functions
 * @param bindings the bindings, in the order written
 * @param capture  how the delivered bindings' changes are captured
 * @param location where the manifest came from
 */
public record Manifest(String pipeline, Source source, Map<String, Target> targets, List<Binding> bindings,
                       Capture capture, Location location) {
    public Manifest {
        Objects.requireNonNull(pipeline, "pipeline");
        Objects.requireNonNull(source, "source");
        capture = capture == null ? Capture.TRIGGER : capture;
        targets = Map.copyOf(targets);
        bindings = List.copyOf(bindings);
    }

    /** Reads and validates a manifest file with the function types on copiste's class path. */
    public static Manifest load(Path file) {
        return load(file, Functions.builtin());
    }

    /** Reads and validates a manifest file with the given function types. */
    public static Manifest load(Path file, Functions functions) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new CopisteException(ErrorCode.INVALID_MANIFEST, "manifest " + file + " does not exist",
                    "give the manifest with -f FILE, or run copiste where copiste.yaml is");
        } catch (MalformedInputException e) {
            throw new CopisteException(ErrorCode.INVALID_MANIFEST, "manifest " + file + " is not UTF-8 text",
                    "save the file as UTF-8");
        } catch (IOException e) {
            throw new CopisteException(ErrorCode.INVALID_MANIFEST, "cannot read manifest " + file + ": " + e.getMessage(),
                    "check the file's permissions", e);
        }
        return parse(text, file.toString(), functions);
    }

    /** Parses and validates YAML text; {@code origin} names it in messages. */
    public static Manifest parse(String yaml, String origin) {
        return parse(yaml, origin, Functions.builtin());
    }

    /** Parses and validates YAML text with the given function types. */
    public static Manifest parse(String yaml, String origin, Functions functions) {
        Problems problems = new Problems();
        Node root = new YamlReader(origin, problems).read(yaml);
        Manifest manifest = root == null ? null : new ManifestReader(problems, functions).read(root, origin);
        problems.throwIfAny();
        return manifest;
    }

    /** Starts a manifest in code. */
    public static Builder builder(String pipeline) {
        return new Builder(pipeline);
    }

    /** The binding with this name, if any. */
    public Optional<Binding> binding(String name) {
        return bindings.stream().filter(b -> b.name().equals(name)).findFirst();
    }

    /**
     * Builds a manifest in code. Values are the same as in YAML: strings, numbers, booleans, lists and maps, and
     * {@link Secret}s for passwords. {@link #build()} validates exactly as {@link #parse} does. Not thread-safe.
     */
    public static final class Builder {
        private final Map<String, Object> root = new LinkedHashMap<>();
        private final List<Object> bindings = new ArrayList<>();
        private final Map<String, Object> targets = new LinkedHashMap<>();
        private Functions functions = Functions.builtin();

        private Builder(String pipeline) {
            root.put("pipeline", pipeline);
        }

        /** The source database: keys host, port, database, user, password (a {@link Secret}), params. */
        public Builder source(Map<String, ?> source) {
            root.put("source", source);
            return this;
        }

        /** Declares a target: {@code type} plus the type's settings. */
        public Builder target(String name, Map<String, ?> settings) {
            targets.put(name, settings);
            return this;
        }

        /**
         * Adds a binding: keys name, table, on, columns, key, when, function (a map with {@code type}), as in YAML.
         */
        public Builder binding(Map<String, ?> binding) {
            bindings.add(binding);
            return this;
        }

        /** Adds a binding of {@code table} to a function of {@code type} with its settings. */
        public Builder binding(String name, String table, String type, Map<String, ?> settings) {
            Map<String, Object> fn = new LinkedHashMap<>(settings);
            fn.put("type", type);
            return binding(Map.of("name", name, "table", table, "function", fn));
        }

        /** How changes are captured (default {@link Capture#TRIGGER}). */
        public Builder capture(Capture capture) {
            root.put("capture", Settings.choiceName(capture));
            return this;
        }

        /** Allows secrets written in clear. */
        public Builder allowPlaintextSecrets() {
            root.put("allowPlaintextSecrets", true);
            return this;
        }

        /** Uses these function types instead of the class path's. */
        public Builder functions(Functions functions) {
            this.functions = functions;
            return this;
        }

        /** Validates and returns the manifest. */
        public Manifest build() {
            Map<String, Object> all = new LinkedHashMap<>(root);
            if (!targets.isEmpty()) {
                all.put("targets", targets);
            }
            all.put("bindings", bindings);
            Problems problems = new Problems();
            Node node = Nodes.fromJava(all, Location.of("builder"));
            Manifest manifest = new ManifestReader(problems, functions).read(node, "builder");
            problems.throwIfAny();
            return manifest;
        }
    }
}
