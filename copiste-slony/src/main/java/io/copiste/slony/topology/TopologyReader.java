package io.copiste.slony.topology;

import io.copiste.manifest.Location;
import io.copiste.manifest.Secret;
import io.copiste.slony.ClusterName;
import io.copiste.slony.Conninfo;
import io.copiste.sql.TableName;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Reads a topology file into a {@link Topology}, collecting every problem with its file:line:column. */
final class TopologyReader {
    private static final int MAX_ID = Integer.MAX_VALUE;
    private final String origin;
    private final Problems problems = new Problems();
    private boolean allowPlaintextSecrets;

    TopologyReader(String origin) {
        this.origin = origin;
    }

    Topology read(String text) {
        Yaml root = Yaml.read(text, origin, problems);
        if (!(root instanceof Yaml.Mapping map)) {
            if (root != null) {
                problems.add(root.location(), "the topology must be a map, not " + root.kind(),
                        "start with 'cluster: <name>', then 'nodes:' and 'sets:'; see docs/topology.md");
            }
            problems.throwIfAny();
            throw new IllegalStateException("a topology that is not a map left no problem");
        }
        Section top = new Section(map, "the topology", problems);
        allowPlaintextSecrets = top.bool("allowPlaintextSecrets", false);
        ClusterName cluster = cluster(top);
        List<Topology.NodeSpec> nodes = new ArrayList<>();
        for (Yaml item : top.items("nodes")) {
            Section n = top.child(item, "nodes", "node");
            Topology.NodeSpec node = n == null ? null : node(n);
            if (node != null) {
                nodes.add(node);
            }
        }
        if (!top.has("nodes")) {
            top.problem("nodes", "the topology has no 'nodes:'", "list the nodes, each with 'id' and 'conninfo'");
        }
        List<Topology.PathSpec> paths = paths(top, nodes);
        List<Topology.SetSpec> sets = new ArrayList<>();
        for (Yaml item : top.items("sets")) {
            Section s = top.child(item, "sets", "set");
            if (s != null) {
                sets.add(set(s));
            }
        }
        top.finish();
        Topology topology = new Topology(cluster != null ? cluster : ClusterName.of("unnamed"), nodes, paths, sets);
        new TopologyCheck(topology, problems).run();
        problems.throwIfAny();
        return topology;
    }

    private ClusterName cluster(Section top) {
        String name = top.string("cluster");
        if (name == null) {
            return null;
        }
        try {
            return ClusterName.of(name);
        } catch (IllegalArgumentException e) {
            top.problem("cluster", e.getMessage(), "Slony keeps the cluster in schema _NAME: use a plain identifier");
            return null;
        }
    }

    private Topology.NodeSpec node(Section n) {
        int id = n.integer("id", 1, MAX_ID);
        String comment = n.string("comment", null);
        String text = n.string("conninfo");
        String password = n.string("password", null);
        if (text == null || id == 0) {
            return null;
        }
        Conninfo conninfo = conninfo(n, "conninfo", text);
        if (conninfo == null) {
            return null;
        }
        if (password != null) {
            conninfo = conninfo.with("password", password);
        }
        String secret = conninfo.get("password");
        if (secret != null && !Secret.isReference(secret) && !allowPlaintextSecrets) {
            n.problem(password != null ? "password" : "conninfo", "node " + id + ": the password is written in "
                    + "clear text", "use password: ${env:NAME} or ${file:/path}, or set "
                    + "'allowPlaintextSecrets: true' at the top of the topology");
        }
        return new Topology.NodeSpec(id, comment, conninfo, n.location());
    }

    private static Conninfo conninfo(Section s, String key, String text) {
        try {
            return Conninfo.parse(text);
        } catch (IllegalArgumentException e) {
            s.problem(key, e.getMessage(), "write libpq's form: host=db1 port=5432 dbname=shop user=slony");
            return null;
        }
    }

    /** 'all' (the default), or a list of server/client pairs. */
    private List<Topology.PathSpec> paths(Section top, List<Topology.NodeSpec> nodes) {
        Yaml value = top.value("paths");
        if (value == null || value instanceof Yaml.Scalar s && s.text().equals("all")) {
            return Topology.allPaths(nodes, 10);
        }
        if (value instanceof Yaml.Scalar s) {
            top.problem("paths", "'paths' cannot be '" + s.text() + "'", "write 'paths: all' or a list of "
                    + "{server, client} pairs");
            return List.of();
        }
        List<Topology.PathSpec> paths = new ArrayList<>();
        for (Yaml item : top.items("paths")) {
            Section p = top.child(item, "paths", "path");
            if (p == null) {
                continue;
            }
            int server = p.integer("server", 1, MAX_ID);
            int client = p.integer("client", 1, MAX_ID);
            int retry = p.integer("connretry", 10, 1, 3600);
            String text = p.string("conninfo", null);
            Conninfo conninfo = text != null ? conninfo(p, "conninfo", text) : nodes.stream()
                    .filter(n -> n.id() == server).map(Topology.NodeSpec::conninfo).findFirst().orElse(null);
            if (conninfo == null && text == null && server > 0) {
                p.problem("server", "path " + server + " -> " + client + ": node " + server + " is not declared "
                        + "and the path has no 'conninfo'", "declare the node under 'nodes:', or fix the id");
            }
            if (server > 0 && client > 0 && conninfo != null) {
                paths.add(new Topology.PathSpec(server, client, conninfo, retry, p.location()));
            }
        }
        return paths;
    }

    private Topology.SetSpec set(Section s) {
        int id = s.integer("id", 1, MAX_ID);
        int origin = s.integer("origin", 1, MAX_ID);
        String comment = s.string("comment", null);
        List<Selector> tables = selectors(s, "tables", "table", true);
        List<Selector> sequences = selectors(s, "sequences", "sequence", false);
        List<Topology.Subscription> subscriptions = new ArrayList<>();
        for (Yaml item : s.items("subscriptions")) {
            Section sub = s.child(item, "subscriptions", "subscription of set " + id);
            if (sub == null) {
                continue;
            }
            int receiver = sub.integer("receiver", 1, MAX_ID);
            int provider = sub.integer("provider", origin, 1, MAX_ID);
            boolean forward = sub.bool("forward", true);
            if (receiver > 0) {
                subscriptions.add(new Topology.Subscription(receiver, provider, forward, sub.location()));
            }
        }
        return new Topology.SetSpec(id, origin, comment, tables, sequences, subscriptions, s.location());
    }

    /** Each item: a name, or a map with one of 'table'/'sequence' (and 'key'), 'pattern', 'schema'. */
    private List<Selector> selectors(Section set, String key, String single, boolean tables) {
        List<Selector> out = new ArrayList<>();
        for (Yaml item : set.items(key)) {
            if (item instanceof Yaml.Scalar scalar) {
                Selector named = named(set, key, scalar.text(), null, item.location());
                if (named != null) {
                    out.add(named);
                }
                continue;
            }
            Section s = set.child(item, key, "an item of '" + key + "'");
            if (s == null) {
                continue;
            }
            String name = s.string(single, null);
            String pattern = s.string("pattern", null);
            String schema = s.string("schema", null);
            String index = tables ? s.string("key", null) : null;
            int given = (name != null ? 1 : 0) + (pattern != null ? 1 : 0) + (schema != null ? 1 : 0);
            if (given != 1) {
                set.problems().add(item.location(), "an item of '" + key + "' needs exactly one of '" + single
                        + "', 'pattern', 'schema'", "for example: {" + single + ": public.orders}, "
                        + "{pattern: '^app\\.'} or {schema: app}");
            } else if (name != null) {
                Selector named = named(s, single, name, index, item.location());
                if (named != null) {
                    out.add(named);
                }
            } else if (pattern != null) {
                try {
                    out.add(new Selector.Matching(Pattern.compile(pattern), item.location()));
                } catch (PatternSyntaxException e) {
                    s.problem("pattern", "'pattern' is not a regular expression: " + e.getDescription(), null);
                }
            } else {
                out.add(new Selector.InSchema(schema, item.location()));
            }
            if (index != null && name == null) {
                s.problem("key", "'key' names the unique index of one table", "use it with '" + single + "'");
            }
        }
        return out;
    }

    private static Selector named(Section s, String key, String text, String index, Location at) {
        try {
            return new Selector.Named(TableName.parse(text), index, at);
        } catch (IllegalArgumentException e) {
            s.problems().add(at, "'" + text + "' in '" + key + "' is not a name: " + e.getMessage(),
                    "write schema.name, quoting mixed case: \"Sales\".\"Orders\"");
            return null;
        }
    }
}
