package io.copiste.function;

import java.util.Locale;

/**
 * What happened to a row (or a table, for {@link #TRUNCATE}).
 *
 * <p>The one-letter {@link #code()} is stored in copiste's queue and catalog: it is forever. Never change a code;
 * add new operations at the end.
 */
public enum Operation {
    INSERT('I'),
    UPDATE('U'),
    DELETE('D'),
    TRUNCATE('T'),
    /** A row as it stood in {@code copiste init}'s snapshot: functions treat it as an upsert. */
    SNAPSHOT('S');

    private final char code;

    Operation(char code) {
        this.code = code;
    }

    /** The stored one-letter code. */
    public char code() {
        return code;
    }

    /** The operation for a stored code. */
    public static Operation ofCode(char code) {
        for (Operation op : values()) {
            if (op.code == code) {
                return op;
            }
        }
        throw new IllegalArgumentException("unknown operation code '" + code + "'");
    }

    /** The operation as written in a manifest ({@code insert}). */
    public String manifestName() {
        return name().toLowerCase(Locale.ROOT);
    }

}
