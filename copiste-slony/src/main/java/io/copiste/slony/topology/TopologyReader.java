package io.copiste.slony.topology;

import io.copiste.manifest.Location;
import io.copiste.manifest.Problem;
import io.copiste.manifest.Secret;
import io.copiste.manifest.Settings;
import io.copiste.slony.ClusterName;
import io.copiste.slony.Conninfo;
import io.copiste.sql.TableName;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads a topology file into a {@link Topology} with the manifest's conventions ({@link Settings#read}): every
 * problem at once with its file:line:column, unknown keys with a "did you mean", and {@link TopologyCheck}'s rules.
 */
final class TopologyReader {
    private static final int MAX_ID = Integer.MAX_VALUE;
    private final String origin;
    private boolean allowPlaintextSecrets;

    TopologyReader(String origin) {
        this.origin = origin;
    }

    Topology read(String text) {
        return Settings.read(text, origin, this::topology);
    }

    private Topology topology(Settings top) {
        allowPlaintextSecrets = top.bool("allowPlaintextSecrets", false);
        ClusterName cluster = cluster(top);
        List<Topology.NodeSpec> nodes = new ArrayList<>();
        for (Settings n : maps(top, "nodes")) {
            Topology.NodeSpec node = node(n);
            if (node != null) {
                nodes.add(node);
            }
        }
        if (!top.has("nodes")) {
            top.problem("nodes", "the topology has no 'nodes:'", "list the nodes, each with 'id' and 'conninfo'");
        }
        List<Topology.PathSpec> paths = paths(top, nodes);
        List<Topology.SetSpec> sets = maps(top, "sets").stream().map(this::set).toList();
        Topology topology = new Topology(cluster != null ? cluster : ClusterName.of("unnamed"), nodes, paths, sets);
        for (Problem p : new TopologyCheck(topology).run()) {
            top.problem(p.location(), p.message(), p.hint());
        }
        return topology;
    }

    private static ClusterName cluster(Settings top) {
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

    private Topology.NodeSpec node(Settings n) {
        int id = id(n, "id");
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

    /** The maps listed under {@code key}; a single map counts as a list of one, as topology files always could. */
    private static List<Settings> maps(Settings s, String key) {
        return s.isSection(key) ? List.of(s.section(key)) : s.sections(key);
    }

    /** A required node or set id; 0 when it is missing or invalid (the problem is recorded). */
    private static int id(Settings s, String key) {
        Integer id = s.integer(key, 1, MAX_ID);
        return id == null ? 0 : id;
    }

    private static Conninfo conninfo(Settings s, String key, String text) {
        try {
            return Conninfo.parse(text);
        } catch (IllegalArgumentException e) {
            s.problem(key, e.getMessage(), "write libpq's form: host=db1 port=5432 dbname=shop user=slony");
            return null;
        }
    }

    /** 'all' (the default), or a list of server/client pairs. */
    private static List<Topology.PathSpec> paths(Settings top, List<Topology.NodeSpec> nodes) {
        if (!top.isList("paths") && !top.isSection("paths")) {
            String value = top.string("paths", "all");
            if (!value.equals("all")) {
                top.problem("paths", "'paths' cannot be '" + value + "'", "write 'paths: all' or a list of "
                        + "{server, client} pairs");
            }
            return Topology.allPaths(nodes, 10);
        }
        List<Topology.PathSpec> paths = new ArrayList<>();
        for (Settings p : maps(top, "paths")) {
            int server = id(p, "server");
            int client = id(p, "client");
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

    private Topology.SetSpec set(Settings s) {
        int id = id(s, "id");
        int origin = id(s, "origin");
        String comment = s.string("comment", null);
        List<Selector> tables = selectors(s, "tables", "table", true);
        List<Selector> sequences = selectors(s, "sequences", "sequence", false);
        List<Topology.Subscription> subscriptions = new ArrayList<>();
        for (Settings sub : maps(s, "subscriptions")) {
            int receiver = id(sub, "receiver");
            int provider = sub.integer("provider", origin, 1, MAX_ID);
            boolean forward = sub.bool("forward", true);
            if (receiver > 0) {
                subscriptions.add(new Topology.Subscription(receiver, provider, forward, sub.location()));
            }
        }
        return new Topology.SetSpec(id, origin, comment, tables, sequences, subscriptions, s.location());
    }

    /** Each item: a name, or a map with one of 'table'/'sequence' (and 'key'), 'pattern', 'schema'. */
    private static List<Selector> selectors(Settings set, String key, String single, boolean tables) {
        List<Selector> out = new ArrayList<>();
        List<Object> items = set.items(key);
        for (int i = 0; i < items.size(); i++) {
            if (!(items.get(i) instanceof Settings s)) {
                Selector named = named(set, key, (String) items.get(i), null, set.location(key, i));
                if (named != null) {
                    out.add(named);
                }
                continue;
            }
            String name = s.string(single, null);
            String pattern = s.string("pattern", null);
            String schema = s.string("schema", null);
            String index = tables ? s.string("key", null) : null;
            int given = (name != null ? 1 : 0) + (pattern != null ? 1 : 0) + (schema != null ? 1 : 0);
            if (given != 1) {
                s.problem(s.location(), "an item of '" + key + "' needs exactly one of '" + single
                        + "', 'pattern', 'schema'", "for example: {" + single + ": public.orders}, "
                        + "{pattern: '^app\\.'} or {schema: app}");
            } else if (name != null) {
                Selector named = named(s, single, name, index, s.location());
                if (named != null) {
                    out.add(named);
                }
            } else if (pattern != null) {
                try {
                    out.add(new Selector.Matching(Pattern.compile(pattern), s.location()));
                } catch (PatternSyntaxException e) {
                    s.problem("pattern", "'pattern' is not a regular expression: " + e.getDescription(), null);
                }
            } else {
                out.add(new Selector.InSchema(schema, s.location()));
            }
            if (index != null && name == null) {
                s.problem("key", "'key' names the unique index of one table", "use it with '" + single + "'");
            }
        }
        return out;
    }

    private static Selector named(Settings s, String key, String text, String index, Location at) {
        try {
            return new Selector.Named(TableName.parse(text), index, at);
        } catch (IllegalArgumentException e) {
            s.problem(at, "'" + text + "' in '" + key + "' is not a name: " + e.getMessage(),
                    "write schema.name, quoting mixed case: \"Sales\".\"Orders\"");
            return null;
        }
    }
}
