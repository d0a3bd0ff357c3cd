package io.copiste.manifest;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads YAML text into a {@link Node} tree that remembers where every key and value was written. Uses Jackson's
 * streaming YAML parser; a syntax error becomes a {@link Problem} at the parser's location.
 */
final class YamlReader {
    private static final YAMLFactory FACTORY = YAMLFactory.builder().build();

    private final String origin;
    private final Problems problems;

    YamlReader(String origin, Problems problems) {
        this.origin = origin;
        this.problems = problems;
    }

    /** The document's root node, or {@code null} after reporting a problem. */
    Node read(String text) {
        try (JsonParser parser = FACTORY.createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                problems.add(new Location(origin, 1, 1), "the manifest is empty",
                        "start with 'pipeline: <name>' and a 'bindings:' list; see docs/manifest.md");
                return null;
            }
            return readValue(parser, first);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            Location location = at == null ? Location.of(origin) : new Location(origin, at.getLineNr(), at.getColumnNr());
            problems.add(location, "not valid YAML: " + firstLine(e.getOriginalMessage()),
                    "check the indentation and quoting around this line");
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Node readValue(JsonParser parser, JsonToken token) throws IOException {
        Location location = here(parser);
        return switch (token) {
            case START_OBJECT -> readMapping(parser, location);
            case START_ARRAY -> readSequence(parser, location);
            case VALUE_STRING -> new Node.Scalar(parser.getText(), Node.Scalar.Type.STRING, location);
            case VALUE_NUMBER_INT -> new Node.Scalar(parser.getText(), Node.Scalar.Type.INTEGER, location);
            case VALUE_NUMBER_FLOAT -> new Node.Scalar(parser.getText(), Node.Scalar.Type.DECIMAL, location);
            case VALUE_TRUE, VALUE_FALSE -> new Node.Scalar(parser.getText(), Node.Scalar.Type.BOOLEAN, location);
            case VALUE_NULL -> new Node.Scalar(parser.getText(), Node.Scalar.Type.NULL, location);
            default -> new Node.Scalar(parser.getText(), Node.Scalar.Type.STRING, location);
        };
    }

    private Node.Mapping readMapping(JsonParser parser, Location location) throws IOException {
        Map<String, Node.Entry> entries = new LinkedHashMap<>();
        for (JsonToken t = parser.nextToken(); t != JsonToken.END_OBJECT; t = parser.nextToken()) {
            String key = parser.currentName();
            Location keyLocation = here(parser);
            Node value = readValue(parser, parser.nextToken());
            if (entries.containsKey(key)) {
                problems.add(keyLocation, "duplicate key '" + key + "' (first at line "
                        + entries.get(key).keyLocation().line() + ")", "remove one of them");
            } else {
                entries.put(key, new Node.Entry(key, keyLocation, value));
            }
        }
        return new Node.Mapping(entries, location);
    }

    private Node.Sequence readSequence(JsonParser parser, Location location) throws IOException {
        List<Node> items = new ArrayList<>();
        for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
            items.add(readValue(parser, t));
        }
        return new Node.Sequence(items, location);
    }

    private Location here(JsonParser parser) {
        JsonLocation at = parser.currentTokenLocation();
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
