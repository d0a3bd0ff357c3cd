package io.copiste.manifest;

/**
 * Where something was written: a file (or another origin such as {@code builder}), a 1-based line and column.
 * A location made by the Java builder has no line: {@code line == 0}.
 */
public record Location(String origin, int line, int column) {
    /** A location in code, with no line and column. */
    public static Location of(String origin) {
        return new Location(origin, 0, 0);
    }

    @Override
    public String toString() {
        return line > 0 ? origin + ":" + line + ":" + column : origin;
    }
}
