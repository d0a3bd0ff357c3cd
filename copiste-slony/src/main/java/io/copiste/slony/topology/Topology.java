package io.copiste.slony.topology;

import io.copiste.CopisteException;
import io.copiste.ErrorCode;
import io.copiste.manifest.Location;
import io.copiste.manifest.ManifestException;
import io.copiste.manifest.Problem;
import io.copiste.slony.ClusterName;
import io.copiste.slony.Conninfo;
import io.copiste.slony.Node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A Slony-I cluster as it should be: nodes with their admin conninfo, paths, and sets with their tables, sequences
 * and subscriptions. Read from a YAML file ({@link #load}) or built in Java (tables chosen from a catalog or an ORM);
 * {@link TopologyDriver} takes a live cluster there. Immutable; {@link #check()} validates a topology built in Java
 * the way the reader validates a file.
 */
public record Topology(ClusterName cluster, List<NodeSpec> nodes, List<PathSpec> paths, List<SetSpec> sets) {
    public Topology {
        Objects.requireNonNull(cluster, "cluster");
        nodes = List.copyOf(nodes);
        paths = List.copyOf(paths);
        sets = List.copyOf(sets);
    }

    /** A node: its id, comment, and the conninfo copiste manages it with (its password may be a reference). */
    public record NodeSpec(int id, String comment, Conninfo conninfo, Location location) {
        public NodeSpec {
            Objects.requireNonNull(conninfo, "conninfo");
            Objects.requireNonNull(location, "location");
        }

        public Node node() {
            return Node.of(id, comment, conninfo);
        }
    }

    /** How {@code client}'s slon reaches {@code server}; the conninfo is stored without its password. */
    public record PathSpec(int server, int client, Conninfo conninfo, int connectRetrySeconds, Location location) {
        public PathSpec {
            Objects.requireNonNull(conninfo, "conninfo");
            Objects.requireNonNull(location, "location");
        }
    }

    /** A replication set: id, origin, the rules choosing its tables and sequences, and who subscribes to it. */
    public record SetSpec(int id, int origin, String comment, List<Selector> tables, List<Selector> sequences,
                          List<Subscription> subscriptions, Location location) {
        public SetSpec {
            comment = comment == null || comment.isBlank() ? "Set " + id : comment;
            tables = List.copyOf(tables);
            sequences = List.copyOf(sequences);
            subscriptions = List.copyOf(subscriptions);
            Objects.requireNonNull(location, "location");
        }

        public Optional<Subscription> subscription(int receiver) {
            return subscriptions.stream().filter(s -> s.receiver() == receiver).findFirst();
        }
    }

    /** {@code receiver} takes the set from {@code provider}, and forwards it when {@code forward}. */
    public record Subscription(int receiver, int provider, boolean forward, Location location) {
        public Subscription {
            Objects.requireNonNull(location, "location");
        }
    }

    /** Reads and validates a topology file; every problem at once, as a {@code ManifestException} (exit 3). */
    public static Topology load(Path file) {
        try {
            return parse(Files.readString(file), file.toString());
        } catch (IOException e) {
            throw new CopisteException(ErrorCode.INVALID_MANIFEST, "cannot read topology " + file + ": "
                    + e.getClass().getSimpleName() + " " + e.getMessage(), "check the path and its permissions", e);
        }
    }

    /** Reads and validates topology text; {@code origin} names it in messages (usually the file name). */
    public static Topology parse(String text, String origin) {
        return new TopologyReader(origin).read(text);
    }

    /** Checks a topology built in Java as the reader checks a file. */
    public Topology check() {
        List<Problem> problems = new ArrayList<>(new TopologyCheck(this).run());
        if (!problems.isEmpty()) {
            problems.sort(Comparator.comparing((Problem p) -> p.location().origin())
                    .thenComparingInt(p -> p.location().line()).thenComparingInt(p -> p.location().column()));
            throw new ManifestException(problems);
        }
        return this;
    }

    /** A path between every ordered pair of nodes, each server reached with its admin conninfo. */
    public static List<PathSpec> allPaths(List<NodeSpec> nodes, int connectRetrySeconds) {
        List<PathSpec> paths = new ArrayList<>();
        for (NodeSpec server : nodes) {
            for (NodeSpec client : nodes) {
                if (server.id() != client.id()) {
                    paths.add(new PathSpec(server.id(), client.id(), server.conninfo(), connectRetrySeconds,
                            server.location()));
                }
            }
        }
        return paths;
    }

    /** The nodes as the cluster API takes them. */
    public List<Node> adminNodes() {
        return nodes.stream().map(NodeSpec::node).toList();
    }

    public Optional<NodeSpec> node(int id) {
        return nodes.stream().filter(n -> n.id() == id).findFirst();
    }

    public Optional<SetSpec> set(int id) {
        return sets.stream().filter(s -> s.id() == id).findFirst();
    }
}
