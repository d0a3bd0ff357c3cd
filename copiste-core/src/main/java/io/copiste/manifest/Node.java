package io.copiste.manifest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A YAML node with the location it was written at: the tree the manifest reader and {@link Settings} walk. */
sealed interface Node permits Node.Scalar, Node.Mapping, Node.Sequence {
    Location location();

    /** A short name of the node's kind for messages: "a string", "a list", "a map". */
    String kind();

    /** A scalar as written; {@code type} is how YAML resolved it. */
    record Scalar(String text, Type type, Location location) implements Node {
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

    /** A key of a mapping with its own location (for "unknown key" messages). */
    record Entry(String key, Location keyLocation, Node value) {
    }

    record Mapping(Map<String, Entry> entries, Location location) implements Node {
        public Mapping {
            entries = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(entries));
        }

        @Override
        public String kind() {
            return "a map";
        }
    }

    record Sequence(List<Node> items, Location location) implements Node {
        public Sequence {
            items = List.copyOf(items);
        }

        @Override
        public String kind() {
            return "a list";
        }
    }
}
