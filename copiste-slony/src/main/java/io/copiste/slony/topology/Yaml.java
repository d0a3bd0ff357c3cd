package io.copiste.slony.topology;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.copiste.manifest.Location;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML tree that remembers where every key and value was written, read with Jackson's streaming parser. A minimal
 * equivalent of the manifest's package-private reader (issue 8 asks for it to be made public).
 */
sealed interface Yaml permits Yaml.Scalar, Yaml.Mapping, Yaml.Sequence {
    Location location();

    /** "a string", "a list", "a map", for messages. */
    String kind();

    /** A scalar as written; {@code type} says how YAML resolved it. */
    record Scalar(String text, Type type, Location location) implements Yaml {
        enum Type { STRING, INTEGER, DECIMAL, BOOLEAN, NULL }

        @Override
        public String kind() {
            return switch (type) {
                case STRING -> "a string";
                case INTEGER -> "an integer";
                case DECIMAL -> "a number";
                case BOOLEAN -> "a boolean";
                case NULL -> "null";
            };
        }
    }

    /** A key with its own location, for "unknown key" messages. */
    record Entry(String key, Location keyLocation, Yaml value) {
    }

    record Mapping(Map<String, Entry> entries, Location location) implements Yaml {
        public Mapping {
            entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
        }

        @Override
        public String kind() {
            return "a map";
        }
    }

    record Sequence(List<Yaml> items, Location location) implements Yaml {
        public Sequence {
            items = List.copyOf(items);
        }

        @Override
        public String kind() {
            return "a list";
        }
    }

    /** The document's root, or {@code null} after adding a problem (empty document, syntax error). */
    static Yaml read(String text, String origin, Problems problems) {
        try (JsonParser parser = YAMLFactory.builder().build().createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                problems.add(new Location(origin, 1, 1), "the topology is empty",
                        "start with 'cluster: <name>', then 'nodes:' and 'sets:'; see docs/topology.md");
                return null;
            }
            return value(parser, first, origin, problems);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            problems.add(at == null ? Location.of(origin) : new Location(origin, at.getLineNr(), at.getColumnNr()),
                    "not valid YAML: " + firstLine(e.getOriginalMessage()),
                    "check the indentation and quoting around this line");
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Yaml value(JsonParser p, JsonToken token, String origin, Problems problems) throws IOException {
        Location at = here(p, origin);
        switch (token) {
            case START_OBJECT -> {
                Map<String, Entry> entries = new LinkedHashMap<>();
                for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
                    String key = p.currentName();
                    Location keyAt = here(p, origin);
                    Yaml v = value(p, p.nextToken(), origin, problems);
                    if (entries.containsKey(key)) {
                        problems.add(keyAt, "duplicate key '" + key + "' (first at line "
                                + entries.get(key).keyLocation().line() + ")", "remove one of them");
                    } else {
                        entries.put(key, new Entry(key, keyAt, v));
                    }
                }
                return new Mapping(entries, at);
            }
            case START_ARRAY -> {
                List<Yaml> items = new ArrayList<>();
                for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                    items.add(value(p, t, origin, problems));
                }
                return new Sequence(items, at);
            }
            case VALUE_NUMBER_INT -> {
                return new Scalar(p.getText(), Scalar.Type.INTEGER, at);
            }
            case VALUE_NUMBER_FLOAT -> {
                return new Scalar(p.getText(), Scalar.Type.DECIMAL, at);
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return new Scalar(p.getText(), Scalar.Type.BOOLEAN, at);
            }
            case VALUE_NULL -> {
                return new Scalar(p.getText(), Scalar.Type.NULL, at);
            }
            default -> {
                return new Scalar(p.getText(), Scalar.Type.STRING, at);
            }
        }
    }

    private static Location here(JsonParser p, String origin) {
        JsonLocation at = p.currentTokenLocation();
        return new Location(origin, at.getLineNr(), at.getColumnNr());
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "syntax error";
        }
        int nl = message.indexOf('\n');
        return (nl < 0 ? message : message.substring(0, nl)).strip();
    }
}
