package io.copiste;

/**
 * The class of a failure, which decides the process exit code of the CLI.
 *
 * <p>Exit codes are API: scripts and monitors test them. Never renumber a constant; add new ones at the end.
 * The table is documented in {@code docs/errors.md}.
 */
public enum ErrorCode {
    /** Bad command line: unknown option, missing argument. */
    USAGE(2),
    /** The manifest cannot be read or does not validate. */
    INVALID_MANIFEST(3),
    /** The database (or a target) cannot be reached, or refused the login. */
    CANNOT_CONNECT(4),
    /**
     * The database is reachable but not in a state that allows the operation: missing table, column or privilege,
     * another install running, a lock that could not be taken.
     */
    DATABASE_NOT_READY(5),
    /** What is installed differs from the catalog or the manifest (reported by {@code plan --exit-code}, status). */
    DRIFT(6),
    /** A function's target failed permanently (bad data for the target, schema violation). */
    TARGET_FAILED(7),
    /** A bug in copiste or an unexpected condition: report it. */
    INTERNAL(70),
    /** {@code copiste status}: installed as the manifest says, but no daemon runs, changes are parked, or lag is high. */
    UNHEALTHY(8);

    private final int exitCode;

    ErrorCode(int exitCode) {
        this.exitCode = exitCode;
    }

    /** The process exit code the CLI uses for this class of failure. */
    public int exitCode() {
        return exitCode;
    }
}
