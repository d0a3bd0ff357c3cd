package io.copiste.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Conversions between {@link Node} trees, plain Java values and JSON. */
final class Nodes {
    private Nodes() {
    }

    /** A node tree from builder values: String, Number, Boolean, List, Map, Secret, Enum, null. */
    static Node fromJava(Object value, Location at) {
        if (value == null) {
            return new Node.Scalar("null", Node.Scalar.Type.NULL, at);
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Node.Entry> entries = new LinkedHashMap<>();
            map.forEach((k, v) -> entries.put(String.valueOf(k),
                    new Node.Entry(String.valueOf(k), at, fromJava(v, at))));
            return new Node.Mapping(entries, at);
        }
        if (value instanceof Iterable<?> items) {
            List<Node> nodes = new ArrayList<>();
            items.forEach(v -> nodes.add(fromJava(v, at)));
            return new Node.Sequence(nodes, at);
        }
        if (value instanceof Boolean b) {
            return new Node.Scalar(b.toString(), Node.Scalar.Type.BOOLEAN, at);
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof BigInteger) {
            return new Node.Scalar(value.toString(), Node.Scalar.Type.INTEGER, at);
        }
        if (value instanceof Number n) {
            return new Node.Scalar(new BigDecimal(n.toString()).toPlainString(), Node.Scalar.Type.DECIMAL, at);
        }
        if (value instanceof Enum<?> e) {
            return new Node.Scalar(Settings.choiceName(e), Node.Scalar.Type.STRING, at);
        }
        if (value instanceof Secret s) {
            if (s.isPlain()) {
                return new Node.Scalar(s.reveal(), Node.Scalar.Type.STRING, at);
            }
            return new Node.Scalar(s.toString(), Node.Scalar.Type.STRING, at);
        }
        return new Node.Scalar(value.toString(), Node.Scalar.Type.STRING, at);
    }

    /** Plain, immutable Java values: String, Long, BigDecimal, Boolean, List, Map (written order), null. */
    static Object toJava(Node node) {
        return toJava(node, n -> false, null);
    }

    /** Like {@link #toJava(Node)}, with {@code replacement} for every node {@code hidden} accepts. */
    static Object toJava(Node node, java.util.function.Predicate<Node> hidden, Object replacement) {
        if (hidden.test(node)) {
            return replacement;
        }
        if (node instanceof Node.Mapping m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.entries().values().forEach(e -> out.put(e.key(), toJava(e.value(), hidden, replacement)));
            return Collections.unmodifiableMap(out);
        }
        if (node instanceof Node.Sequence s) {
            List<Object> out = new ArrayList<>();
            s.items().forEach(i -> out.add(toJava(i, hidden, replacement)));
            return Collections.unmodifiableList(out);
        }
        Node.Scalar s = (Node.Scalar) node;
        return switch (s.type()) {
            case NULL -> null;
            case BOOLEAN -> Boolean.parseBoolean(s.text().toLowerCase(java.util.Locale.ROOT));
            case INTEGER -> {
                try {
                    yield Long.parseLong(s.text());
                } catch (NumberFormatException e) {
                    yield new BigDecimal(s.text());
                }
            }
            case DECIMAL -> new BigDecimal(s.text());
            case STRING -> s.text();
        };
    }

    /** Canonical JSON of plain Java values: map keys sorted, so equal definitions hash equally. */
    static JsonNode toJson(Object value) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (value == null) {
            return f.nullNode();
        }
        if (value instanceof Map<?, ?> map) {
            ObjectNode o = f.objectNode();
            new TreeMap<>(map).forEach((k, v) -> o.set(String.valueOf(k), toJson(v)));
            return o;
        }
        if (value instanceof List<?> list) {
            ArrayNode a = f.arrayNode();
            list.forEach(v -> a.add(toJson(v)));
            return a;
        }
        if (value instanceof Boolean b) {
            return f.booleanNode(b);
        }
        if (value instanceof Long l) {
            return f.numberNode(l);
        }
        if (value instanceof BigDecimal d) {
            return f.numberNode(d);
        }
        return f.textNode(value.toString());
    }
}
