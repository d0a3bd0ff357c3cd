package io.copiste.slony;

import io.copiste.sql.TableName;

import java.util.Objects;

/**
 * A table to put into a replication set: its Slony id ({@code 0} for the next free id, computed as slonik does: one
 * more than the highest table id on any node), its name, the unique index that identifies rows ({@code null} for
 * the primary key) and a comment ({@code null} for the table's name).
 *
 * <p>Build these from anything: a list in a file, the catalog, an ORM's model.
 */
public record TableRef(int id, TableName name, String key, String comment) {
    public TableRef {
        Checks.idOrNext(id, "table id");
        Objects.requireNonNull(name, "table name");
        if (key != null && key.isBlank()) {
            key = null;
        }
        comment = comment == null || comment.isBlank() ? name.toString() : comment;
    }

    /** The table with the next free id, keyed by its primary key. */
    public static TableRef of(String name) {
        return new TableRef(0, TableName.parse(name), null, null);
    }

    /** The table with a fixed id, keyed by its primary key. */
    public static TableRef of(int id, String name) {
        return new TableRef(id, TableName.parse(name), null, null);
    }

    /** The same table identified by another unique index. */
    public TableRef withKey(String index) {
        return new TableRef(id, name, index, comment);
    }
}
