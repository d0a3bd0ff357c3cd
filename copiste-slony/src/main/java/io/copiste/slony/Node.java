package io.copiste.slony;

import java.util.Objects;

/**
 * A node of the cluster as the administrator sees it: its id, a comment, and the conninfo copiste uses to manage it
 * (slonik's {@code node N admin conninfo}). The conninfo used by the {@code slon} daemons to reach each other is
 * stored separately, as {@linkplain Command.StorePath paths}.
 */
public record Node(int id, String comment, Conninfo admin) {
    public Node {
        Checks.nodeId(id, "node id");
        comment = comment == null || comment.isBlank() ? "Node " + id : comment;
        Objects.requireNonNull(admin, "admin conninfo");
    }

    public static Node of(int id, String comment, Conninfo admin) {
        return new Node(id, comment, admin);
    }

    public static Node of(int id, Conninfo admin) {
        return new Node(id, null, admin);
    }

    /** The same node, logging in with another password (a clear-text value or a {@code ${env:…}} reference). */
    public Node withPassword(String password) {
        return new Node(id, comment, admin.with("password", password));
    }
}
