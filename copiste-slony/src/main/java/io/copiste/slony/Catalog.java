package io.copiste.slony;

import io.copiste.sql.TableName;

import java.util.List;
import java.util.Optional;

/**
 * The user tables and sequences of one node's database, as a planner needs them to pick what to replicate: every
 * ordinary table with whether it has a primary key, and every sequence. System schemas and the cluster's own schema
 * are left out. Read by {@link SlonyCluster#catalog(int)}; immutable.
 */
public record Catalog(List<Table> tables, List<TableName> sequences) {
    public Catalog {
        tables = List.copyOf(tables);
        sequences = List.copyOf(sequences);
    }

    /** An ordinary table ({@code relkind 'r'}) and whether it has a primary key. */
    public record Table(TableName name, boolean primaryKey) {
    }

    /** The table with this name, if the database has it. */
    public Optional<Table> table(TableName name) {
        return tables.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    public boolean hasTable(TableName name) {
        return table(name).isPresent();
    }

    public boolean hasSequence(TableName name) {
        return sequences.contains(name);
    }
}
