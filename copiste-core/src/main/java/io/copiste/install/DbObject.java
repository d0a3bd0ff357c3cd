package io.copiste.install;

import io.copiste.sql.Sql;
import io.copiste.sql.TableName;

/**
 * A database object copiste generated for a binding, as recorded in the catalog.
 *
 * @param kind {@code function} (in schema copiste, no arguments) or {@code trigger} (on the binding's table)
 * @param name the object's name
 */
record DbObject(String kind, String name) {
    static final String FUNCTION = "function";
    static final String TRIGGER = "trigger";

    static DbObject function(String name) {
        return new DbObject(FUNCTION, name);
    }

    static DbObject trigger(String name) {
        return new DbObject(TRIGGER, name);
    }

    /** The drop statement; a trigger needs its table's current name. */
    String dropSql(TableName table) {
        return kind.equals(FUNCTION)
                ? "DROP FUNCTION IF EXISTS " + Sql.ident(Catalog.SCHEMA, name) + "()"
                : "DROP TRIGGER IF EXISTS " + Sql.ident(name) + " ON " + table.sql();
    }
}
