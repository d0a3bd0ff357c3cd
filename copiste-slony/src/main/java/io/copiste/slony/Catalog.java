package io.copiste.slony;

import io.copiste.ErrorCode;
import io.copiste.sql.TableName;

import java.sql.Connection;
import java.sql.SQLException;

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

    /**
     * Reads the catalog of the database behind a connection the caller holds (a migration tool's), leaving out the
     * cluster's schema. Runs two queries; neither commits nor rolls back.
     */
    public static Catalog read(Connection c, ClusterName cluster) {
        try {
            return Catalogs.read(c, cluster);
        } catch (SQLException e) {
            throw new SlonyException(ErrorCode.DATABASE_NOT_READY, 0, "cannot read the tables of the database: "
                    + SlonyException.firstLine(e.getMessage()), "check the connection's privileges", e);
        }
    }

    /**
     * Which node of {@code cluster} the database behind a connection the caller holds is: the id kept in its copy
     * of the cluster's schema, or 0 when the schema is not there (no replication in this database).
     */
    public static int localNode(Connection c, ClusterName cluster) {
        try {
            return Catalogs.localNodeId(c, cluster);
        } catch (SQLException e) {
            throw new SlonyException(ErrorCode.DATABASE_NOT_READY, 0, "cannot read the local node id of cluster "
                    + cluster + ": " + SlonyException.firstLine(e.getMessage()), "check the connection's privileges",
                    e);
        }
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
