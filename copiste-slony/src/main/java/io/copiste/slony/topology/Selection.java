package io.copiste.slony.topology;

import io.copiste.slony.Catalog;
import io.copiste.slony.ClusterState;
import io.copiste.slony.SequenceRef;
import io.copiste.slony.TableRef;
import io.copiste.sql.TableName;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Applies the sets' rules to the origin's catalog. A name given explicitly belongs to its set; otherwise the first
 * set (in file order) whose pattern or schema matches takes it. Tables chosen by pattern or schema need a primary key
 * (those without are left out, with a note); a table named explicitly without one is refused unless it names a key.
 */
final class Selection {
    private final Draft draft;
    private final Map<TableName, Integer> named = new HashMap<>();
    private final Map<TableName, Integer> claimed = new HashMap<>();

    Selection(Topology topology, Draft draft) {
        this.draft = draft;
        for (Topology.SetSpec s : topology.sets()) {
            for (Selector sel : s.tables()) {
                if (sel instanceof Selector.Named n) {
                    named.putIfAbsent(n.name(), s.id());
                }
            }
            for (Selector sel : s.sequences()) {
                if (sel instanceof Selector.Named n) {
                    named.putIfAbsent(n.name(), s.id());
                }
            }
        }
    }

    /** The tables and sequences a set's rules choose, in catalog order. */
    record Chosen(List<TableRef> tables, List<SequenceRef> sequences) {
        boolean isEmpty() {
            return tables.isEmpty() && sequences.isEmpty();
        }

        boolean hasTable(TableName name) {
            return tables.stream().anyMatch(t -> t.name().equals(name));
        }

        boolean hasSequence(TableName name) {
            return sequences.stream().anyMatch(q -> q.name().equals(name));
        }

        /** Those among {@code names}. */
        Chosen only(Set<TableName> names) {
            return new Chosen(tables.stream().filter(t -> names.contains(t.name())).toList(),
                    sequences.stream().filter(q -> names.contains(q.name())).toList());
        }

        /** {@code describe()} with the names: {@code 1 table, 0 sequences (public.orders)}. */
        String list() {
            List<String> names = new ArrayList<>();
            tables.forEach(t -> names.add(t.name().toString()));
            sequences.forEach(q -> names.add(q.name().toString()));
            return describe() + " (" + String.join(", ", names) + ")";
        }

        String describe() {
            return count(tables.size(), "table") + ", " + count(sequences.size(), "sequence");
        }

        /**
         * Those not yet in {@code sets}; a table or sequence still in another set is left for a later apply (it
         * joins once removed from there).
         */
        Chosen without(ClusterState state, Set<Integer> sets, int set, Draft draft) {
            Map<TableName, Integer> placed = new HashMap<>();
            state.tables().forEach(t -> placed.put(t.name(), t.set()));
            state.sequences().forEach(q -> placed.put(q.name(), q.set()));
            return new Chosen(unplaced(tables, TableRef::name, placed, sets, set, draft),
                    unplaced(sequences, SequenceRef::name, placed, sets, set, draft));
        }

        private static <R> List<R> unplaced(List<R> refs, Function<R, TableName> name, Map<TableName, Integer> placed,
                                            Set<Integer> sets, int set, Draft draft) {
            List<R> out = new ArrayList<>();
            for (R ref : refs) {
                Integer in = placed.get(name.apply(ref));
                if (in == null) {
                    out.add(ref);
                } else if (!sets.contains(in)) {
                    later(draft, name.apply(ref), in, set);
                }
            }
            return out;
        }

        private static void later(Draft draft, TableName name, int from, int to) {
            draft.note(name + " is in set " + from + ": it joins set " + to + " once removed from there");
            draft.deferred = true;
        }

        private static String count(int n, String what) {
            return n + " " + what + (n == 1 ? "" : "s");
        }
    }

    Chosen choose(Topology.SetSpec s, Catalog catalog) {
        List<TableRef> tables = new ArrayList<>();
        for (Selector sel : s.tables()) {
            if (sel instanceof Selector.Named n) {
                named(s, n, catalog).ifPresent(tables::add);
                continue;
            }
            for (Catalog.Table t : catalog.tables()) {
                if (!sel.matches(t.name()) || !free(t.name(), s.id()) || contains(tables, t.name())) {
                    continue;
                }
                if (t.primaryKey()) {
                    tables.add(TableRef.of(0, t.name().toString()).withKey(null));
                    claimed.put(t.name(), s.id());
                } else {
                    draft.note("set " + s.id() + ": " + t.name() + " matches " + sel.describe() + " but has no "
                            + "primary key: left out (name it with 'key: <unique index>' to replicate it)");
                }
            }
        }
        List<SequenceRef> sequences = new ArrayList<>();
        for (Selector sel : s.sequences()) {
            for (TableName q : catalog.sequences()) {
                boolean explicit = sel instanceof Selector.Named;
                if (sel.matches(q) && (explicit || free(q, s.id()))
                        && sequences.stream().noneMatch(x -> x.name().equals(q))) {
                    sequences.add(new SequenceRef(0, q, null));
                    claimed.put(q, s.id());
                }
            }
            if (sel instanceof Selector.Named n && !catalog.hasSequence(n.name())) {
                draft.refuse("set " + s.id() + ": sequence " + n.name() + " does not exist on node " + s.origin()
                        + ", its origin", "create it, or remove it from the topology (" + n.location() + ")");
            }
        }
        return new Chosen(tables, sequences);
    }

    private Optional<TableRef> named(Topology.SetSpec s, Selector.Named n, Catalog catalog) {
        var table = catalog.table(n.name());
        if (table.isEmpty()) {
            draft.refuse("set " + s.id() + ": table " + n.name() + " does not exist on node " + s.origin()
                    + ", its origin", "create it there (and on every subscriber), or remove it from the topology ("
                    + n.location() + ")");
            return Optional.empty();
        }
        if (!table.get().primaryKey() && n.key() == null) {
            draft.refuse("set " + s.id() + ": table " + n.name() + " has no primary key: Slony needs one to identify"
                    + " rows", "add a primary key, or name a unique index on NOT NULL columns with 'key:' ("
                    + n.location() + ")");
            return Optional.empty();
        }
        claimed.put(n.name(), s.id());
        return Optional.of(new TableRef(0, n.name(), n.key(), null));
    }

    /** Not named by another set, not taken by an earlier set's pattern. */
    private boolean free(TableName name, int set) {
        return named.getOrDefault(name, set) == set && claimed.getOrDefault(name, set) == set;
    }

    private static boolean contains(List<TableRef> tables, TableName name) {
        return tables.stream().anyMatch(t -> t.name().equals(name));
    }

    /** Subscriptions with every provider before its receivers (breadth first from the origin). */
    static List<Topology.Subscription> inOrder(Topology.SetSpec s) {
        Map<Integer, Integer> providers = new HashMap<>();
        s.subscriptions().forEach(x -> providers.put(x.receiver(), x.provider()));
        return s.subscriptions().stream().sorted(Comparator.comparingInt((Topology.Subscription x) ->
                depth(providers, x.receiver())).thenComparingInt(Topology.Subscription::receiver)).toList();
    }

    /** Receivers of live subscriptions, providers first. */
    static List<Integer> inOrder(Map<Integer, ClusterState.Subscription> subscriptions) {
        Map<Integer, Integer> providers = new HashMap<>();
        subscriptions.forEach((r, x) -> providers.put(r, x.provider()));
        return subscriptions.keySet().stream().sorted(Comparator.comparingInt((Integer r) -> depth(providers, r))
                .thenComparingInt(r -> r)).toList();
    }

    private static int depth(Map<Integer, Integer> providers, int receiver) {
        int depth = 0;
        Integer node = receiver;
        while (providers.containsKey(node) && depth <= providers.size()) {
            node = providers.get(node);
            depth++;
        }
        return depth;
    }
}
