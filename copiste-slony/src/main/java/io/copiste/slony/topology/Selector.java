package io.copiste.slony.topology;

import io.copiste.manifest.Location;
import io.copiste.sql.TableName;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How a set chooses its tables or sequences: by name, by a regular expression on {@code schema.name}, or every
 * one of a schema (for tables: every one with a primary key). Immutable.
 */
public sealed interface Selector {
    /** Where it was written ({@link Location#of} for a topology built in Java). */
    Location location();

    /** Whether the relation is chosen by this selector. */
    boolean matches(TableName name);

    /** For messages: {@code public.orders}, {@code pattern '^app\.'}, {@code schema app}. */
    String describe();

    /**
     * One table or sequence by name; {@code key} names the unique index Slony identifies rows by ({@code null}: the
     * primary key; not used for sequences).
     */
    record Named(TableName name, String key, Location location) implements Selector {
        public Named {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(location, "location");
            key = key == null || key.isBlank() ? null : key;
        }

        @Override
        public boolean matches(TableName other) {
            return name.equals(other);
        }

        @Override
        public String describe() {
            return name.toString();
        }
    }

    /**
     * Every relation whose {@code schema.name} contains a match of the regular expression, as slonik's
     * {@code tables = '…'} (anchor it with {@code ^…$} for a whole-name match).
     */
    record Matching(Pattern pattern, Location location) implements Selector {
        public Matching {
            Objects.requireNonNull(pattern, "pattern");
            Objects.requireNonNull(location, "location");
        }

        @Override
        public boolean matches(TableName name) {
            return pattern.matcher(name.schema() + "." + name.name()).find();
        }

        @Override
        public String describe() {
            return "pattern '" + pattern.pattern() + "'";
        }
    }

    /** Every relation of a schema; tables without a primary key are left out (and the plan says so). */
    record InSchema(String schema, Location location) implements Selector {
        public InSchema {
            Objects.requireNonNull(schema, "schema");
            Objects.requireNonNull(location, "location");
        }

        @Override
        public boolean matches(TableName name) {
            return name.schema().equals(schema);
        }

        @Override
        public String describe() {
            return "schema " + schema;
        }
    }
}
