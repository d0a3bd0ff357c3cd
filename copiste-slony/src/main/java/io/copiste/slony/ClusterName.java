package io.copiste.slony;

import io.copiste.sql.Sql;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The name of a Slony-I cluster. Slony keeps a cluster's tables and functions in the schema {@code _NAME} of
 * every node, and names the {@code slon} notification channels after it.
 *
 * <p>Case is preserved ({@code MyCluster} lives in schema {@code "_MyCluster"}). The name must be a plain
 * identifier (letters, digits, underscores, not starting with a digit) because Slony substitutes it unquoted into
 * string literals of its own functions; the schema name must fit PostgreSQL's 63-byte limit.
 */
public record ClusterName(String name) {
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    public ClusterName {
        Objects.requireNonNull(name, "name");
        if (!IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException("cluster name '" + name + "' is not a plain identifier: use letters, "
                    + "digits and underscores, not starting with a digit");
        }
        if (namespaceOf(name).getBytes(StandardCharsets.UTF_8).length > Sql.MAX_IDENTIFIER_BYTES) {
            throw new IllegalArgumentException("cluster name '" + name + "' is too long: its schema _" + name
                    + " must fit in " + Sql.MAX_IDENTIFIER_BYTES + " bytes");
        }
    }

    public static ClusterName of(String name) {
        return new ClusterName(name);
    }

    /** The schema that holds the cluster on every node, unquoted: {@code _NAME}. */
    public String namespace() {
        return namespaceOf(name);
    }

    /** The schema, quoted for SQL: {@code "_NAME"}. */
    public String schema() {
        return Sql.ident(namespace());
    }

    /** A table or function of the cluster's schema, quoted: {@code "_NAME".sl_node}. */
    public String qualify(String object) {
        return schema() + "." + object;
    }

    private static String namespaceOf(String name) {
        return "_" + name;
    }

    @Override
    public String toString() {
        return name;
    }
}
