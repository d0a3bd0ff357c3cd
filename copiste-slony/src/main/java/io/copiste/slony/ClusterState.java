package io.copiste.slony;

import io.copiste.sql.TableName;

import java.time.Duration;
import java.util.List;

/**
 * The cluster's configuration as one node sees it, read from its Slony catalog ({@code sl_node}, {@code sl_path},
 * {@code sl_listen}, {@code sl_set}, {@code sl_table}, {@code sl_sequence}, {@code sl_subscribe}), plus the lag of the
 * other nodes behind this node's events ({@code sl_status}). Nodes may disagree until they have processed the same
 * events. Immutable.
 */
public record ClusterState(ClusterName cluster, int readFrom, String slonyVersion, List<Member> nodes,
                           List<Path> paths, List<Listen> listens, List<ReplicationSet> sets, List<Table> tables,
                           List<Sequence> sequences, List<Subscription> subscriptions, List<Lag> lag) {
    public ClusterState {
        nodes = List.copyOf(nodes);
        paths = List.copyOf(paths);
        listens = List.copyOf(listens);
        sets = List.copyOf(sets);
        tables = List.copyOf(tables);
        sequences = List.copyOf(sequences);
        subscriptions = List.copyOf(subscriptions);
        lag = List.copyOf(lag);
    }

    /** A node of the cluster ({@code sl_node}). */
    public record Member(int id, boolean active, String comment, boolean failed) {
    }

    /** How {@code client}'s slon reaches {@code server} ({@code sl_path}). */
    public record Path(int server, int client, String conninfo, int connectRetrySeconds) {
    }

    /** {@code receiver} hears {@code origin}'s events through {@code provider} ({@code sl_listen}). */
    public record Listen(int origin, int provider, int receiver) {
    }

    /** A replication set ({@code sl_set}); {@code locked} while a switchover holds it. */
    public record ReplicationSet(int id, int origin, String comment, boolean locked) {
    }

    /** A replicated table ({@code sl_table}) and the unique index Slony identifies its rows by. */
    public record Table(int id, TableName name, int set, String keyIndex, String comment) {
    }

    /** A replicated sequence ({@code sl_sequence}). */
    public record Sequence(int id, TableName name, int set, String comment) {
    }

    /** {@code receiver} gets {@code set} from {@code provider} ({@code sl_subscribe}). */
    public record Subscription(int set, int provider, int receiver, boolean forward, boolean active) {
    }

    /**
     * How far {@code receiver} is behind the events of {@code origin} (the node the state was read from): events
     * not yet confirmed and the age of the oldest one.
     */
    public record Lag(int origin, int receiver, long lastEvent, long lastConfirmed, long events, Duration time) {
    }

    /** The set with this id, or null. */
    public ReplicationSet set(int id) {
        return sets.stream().filter(s -> s.id() == id).findFirst().orElse(null);
    }

    /** The tables of one set, by id. */
    public List<Table> tablesOf(int set) {
        return tables.stream().filter(t -> t.set() == set).toList();
    }
}
