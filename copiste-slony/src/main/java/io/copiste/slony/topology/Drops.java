package io.copiste.slony.topology;

import io.copiste.slony.ClusterState;
import io.copiste.slony.Command;
import io.copiste.slony.SlonyCluster;
import io.copiste.sql.TableName;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Finds what an SQL script drops, and plans taking those tables and sequences out of their sets first. */
final class Drops {
    private static final Pattern COMMENTS = Pattern.compile("--[^\\n]*|/\\*.*?\\*/", Pattern.DOTALL);
    private static final Pattern DROP = Pattern.compile("\\bDROP\\s+(?:TABLE|SEQUENCE)\\s+(?:IF\\s+EXISTS\\s+)?"
            + "([^;]+?)(?:\\s+(?:CASCADE|RESTRICT))?\\s*(?:;|$)", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

    private Drops() {
    }

    /**
     * The names after {@code DROP TABLE} and {@code DROP SEQUENCE} (with {@code IF EXISTS}, lists, quoted names),
     * comments ignored; unqualified names are taken in schema {@code public}. Statements built at run time (in
     * {@code DO} blocks, functions, Java) are not seen: call {@link MigrationHook#beforeDrop} for those.
     */
    static List<TableName> parse(String sql) {
        List<TableName> names = new ArrayList<>();
        Matcher m = DROP.matcher(COMMENTS.matcher(sql).replaceAll(" "));
        while (m.find()) {
            for (String part : splitNames(m.group(1))) {
                try {
                    names.add(TableName.parse(part));
                } catch (IllegalArgumentException e) {
                    // not a plain name (an expression we do not understand): leave it to the migration
                }
            }
        }
        return names;
    }

    /** Splits {@code a, "b,c".d} at the commas outside quotes. */
    private static List<String> splitNames(String list) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (char c : list.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == ',' && !quoted) {
                parts.add(current.toString().strip());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        parts.add(current.toString().strip());
        return parts;
    }

    /**
     * For each dropped table or sequence that {@code node} replicates: a SYNC on its set's origin, its removal there
     * (unless done already), and, on another node than the origin, a wait until {@code node} has processed both.
     */
    static TopologyPlan plan(Topology topology, SlonyCluster slony, int node, Collection<TableName> dropped) {
        ClusterState local = slony.state(node);
        Map<Integer, ClusterState> origins = new HashMap<>();
        List<TopologyPlan.Step> steps = new ArrayList<>();
        for (TableName name : dropped) {
            Optional<Integer> set = setOf(local, name);
            if (set.isEmpty() || local.set(set.get()) == null) {
                continue;
            }
            int origin = local.set(set.get()).origin();
            ClusterState there = origins.computeIfAbsent(origin, o -> o == node ? local : slony.state(o));
            List<Command> commands = new ArrayList<>();
            commands.add(new Command.Sync(origin));
            there.tables().stream().filter(t -> t.name().equals(name)).findFirst()
                    .ifPresent(t -> commands.add(new Command.SetDropTable(t.id(), origin)));
            there.sequences().stream().filter(q -> q.name().equals(name)).findFirst()
                    .ifPresent(q -> commands.add(new Command.SetDropSequence(q.id(), origin)));
            if (node != origin) {
                commands.add(new Command.WaitForEvent(origin, node, Duration.ZERO));
            }
            steps.add(new TopologyPlan.Step("take " + name + " out of set " + set.get() + " before the migration "
                    + "drops it" + (node != origin ? ", and wait until node " + node + " has too" : ""), commands));
        }
        return new TopologyPlan(topology.cluster(), topology.adminNodes(), node, steps, List.of(), List.of(), false);
    }

    private static Optional<Integer> setOf(ClusterState state, TableName name) {
        Optional<Integer> table = state.tables().stream().filter(t -> t.name().equals(name))
                .map(ClusterState.Table::set).findFirst();
        return table.isPresent() ? table : state.sequences().stream().filter(q -> q.name().equals(name))
                .map(ClusterState.Sequence::set).findFirst();
    }
}
