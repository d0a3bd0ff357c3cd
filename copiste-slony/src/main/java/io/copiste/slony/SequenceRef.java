package io.copiste.slony;

import io.copiste.sql.TableName;

import java.util.Objects;

/** A sequence to put into a replication set: its Slony id ({@code 0} for the next free id), name and comment. */
public record SequenceRef(int id, TableName name, String comment) {
    public SequenceRef {
        Checks.idOrNext(id, "sequence id");
        Objects.requireNonNull(name, "sequence name");
        comment = comment == null || comment.isBlank() ? name.toString() : comment;
    }

    public static SequenceRef of(String name) {
        return new SequenceRef(0, TableName.parse(name), null);
    }

    public static SequenceRef of(int id, String name) {
        return new SequenceRef(id, TableName.parse(name), null);
    }
}
