package io.copiste.install;

import io.copiste.CopisteException;
import io.copiste.ErrorCode;
import io.copiste.db.Connector;
import io.copiste.manifest.Manifest;
import io.copiste.manifest.Problem;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

/**
 * Plans and applies install and uninstall. Applying is all-or-nothing: one transaction, under an advisory lock
 * so that two installs on one database cannot interleave, with a lock timeout so that a long transaction on a
 * bound table makes install fail cleanly instead of stalling the application behind it.
 *
 * <p>Thread-safe; each call uses its own connection.
 */
public final class Installer {
    /** The advisory lock taken by install and uninstall: ('copi', 1). */
    static final int LOCK_CLASS = io.copiste.capture.Queue.LOCK_CLASS;
    static final int LOCK_INSTALL = 1;

    private final Connector connector;
    private final String copisteVersion;
    private final Duration lockTimeout;

    public Installer(Connector connector, String copisteVersion, Duration lockTimeout) {
        this.connector = connector;
        this.copisteVersion = copisteVersion;
        this.lockTimeout = lockTimeout;
    }

    /** Every problem the database has with the manifest (missing tables, columns, privileges). Reads only. */
    public List<Problem> check(Manifest manifest) {
        try (Connection c = connector.open()) {
            return new Checker(c, manifest.pipeline(), true).check(manifest);
        } catch (SQLException e) {
            throw failure("check", e);
        }
    }

    /** What install would do. Reads only. */
    public Plan plan(Manifest manifest) {
        try (Connection c = connector.open()) {
            return new Planner(c, connector.describe(), copisteVersion).install(manifest, false);
        } catch (SQLException e) {
            throw failure("plan", e);
        }
    }

    /** What uninstall would do. Reads only. */
    public Plan planUninstall(String pipeline) {
        try (Connection c = connector.open()) {
            return new Planner(c, connector.describe(), copisteVersion).uninstall(pipeline);
        } catch (SQLException e) {
            throw failure("plan", e);
        }
    }

    /**
     * Makes the database match the manifest, and returns what was done. Refuses, changing nothing, when the plan
     * has warnings (undelivered changes would be discarded) unless {@code force}.
     */
    public Plan install(Manifest manifest, boolean force, boolean createTargets) {
        if (createTargets) {
            createTargets(manifest);
        }
        return apply("install", force, c -> new Planner(c, connector.describe(), copisteVersion).install(manifest, true));
    }

    /** Creates the functions' missing target tables (each target's own DDL, committed there first). */
    private void createTargets(Manifest manifest) {
        try (Connection c = connector.open()) {
            for (var b : manifest.bindings()) {
                if (b.function().definition() instanceof io.copiste.function.TargetSchema schema) {
                    var table = io.copiste.db.Introspector.table(c, b.table());
                    if (table.isPresent()) {
                        schema.createMissing(b.context(manifest.pipeline(), table.get(), null));
                    }
                }
            }
        } catch (CopisteException e) {
            throw e;
        } catch (Exception e) {
            throw new CopisteException(ErrorCode.TARGET_FAILED, "creating target tables failed: " + e.getMessage(),
                    "check the target's privileges, or create the tables yourself ('copiste plan' shows the DDL)", e);
        }
    }

    /**
     * Removes a pipeline's objects and catalog rows (and copiste's schema with the last pipeline). Refuses,
     * changing nothing, while a daemon delivers the pipeline or changes wait undelivered, unless {@code force}.
     */
    public Plan uninstall(String pipeline, boolean force) {
        return apply("uninstall", force, c -> new Planner(c, connector.describe(), copisteVersion).uninstall(pipeline));
    }

    private interface PlanMaker {
        Plan make(Connection c) throws SQLException;
    }

    private Plan apply(String verb, boolean force, PlanMaker maker) {
        try (Connection c = connector.open()) {
            c.setAutoCommit(false);
            Plan plan = null;
            int[] prelude = {0};
            try {
                lock(c);
                plan = maker.make(c);
                if (!force && !plan.warnings().isEmpty()) {
                    throw new CopisteException(ErrorCode.DATABASE_NOT_READY, verb + " refused: "
                            + String.join("; ", plan.warnings()) + "; nothing was changed",
                            "deliver them first (copiste run), or pass --force to " + verb + " anyway");
                }
                prelude(plan, prelude);
                execute(c, plan.statements());
                c.commit();
                return plan;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c);
                undoPrelude(plan, prelude[0]);
                throw e;
            }
        } catch (SQLException e) {
            throw failure(verb, e);
        }
    }

    /**
     * Runs the plan's prelude on its own connection while the install lock is held: one transaction making the
     * publication (and the tables' replica identity), committed, then the replication slot (its last statement);
     * {@link #undoPrelude} removes them if the install fails afterwards.
     */
    private void prelude(Plan plan, int[] done) throws SQLException {
        List<String> prelude = plan.prelude();
        if (prelude.isEmpty()) {
            return;
        }
        try (Connection c = connector.open()) {
            c.setAutoCommit(false);
            execute(c, prelude.subList(0, prelude.size() - 1));
            c.commit();
            done[0]++;
            c.setAutoCommit(true);
            execute(c, prelude.subList(prelude.size() - 1, prelude.size()));
            done[0]++;
        }
    }

    /** Drops what the prelude made: the publication (its transaction), the slot (its last statement). */
    private void undoPrelude(Plan plan, int done) {
        if (done == 0) {
            return;
        }
        try (Connection c = connector.open(); Statement st = c.createStatement()) {
            io.copiste.capture.Slot slot = io.copiste.capture.Slot.of(c, plan.pipeline());
            if (done > 1) {
                st.execute(slot.dropSlotStatement());
            }
            st.execute(slot.dropPublicationStatement());
        } catch (SQLException | RuntimeException ignored) {
            // cannot reach the server: 'copiste plan' shows what is left, and the next install or uninstall handles it
        }
    }

    private void lock(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("SET LOCAL lock_timeout = '" + Math.max(1, lockTimeout.toMillis()) + "ms'");
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_xact_lock(?, ?)")) {
            ps.setInt(1, LOCK_CLASS);
            ps.setInt(2, LOCK_INSTALL);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    throw new CopisteException(ErrorCode.DATABASE_NOT_READY, "another copiste install or uninstall is"
                            + " running on " + connector.describe() + holder(c),
                            "wait for it to finish, then run this again");
                }
            }
        }
    }

    private static String holder(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT l.pid FROM pg_catalog.pg_locks l
                WHERE l.locktype = 'advisory' AND l.classid = ?::oid AND l.objid = ?::oid AND l.granted LIMIT 1""")) {
            ps.setInt(1, LOCK_CLASS);
            ps.setInt(2, LOCK_INSTALL);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? " (server process " + rs.getInt(1) + ")" : "";
            }
        }
    }

    private static void execute(Connection c, List<String> statements) throws SQLException {
        try (Statement st = c.createStatement()) {
            for (String sql : statements) {
                try {
                    st.execute(sql);
                } catch (SQLException e) {
                    throw new StatementFailed(sql, e);
                }
            }
        }
    }

    /** Carries the statement that failed, for the message. */
    private static final class StatementFailed extends SQLException {
        final String statement;

        StatementFailed(String statement, SQLException cause) {
            super(cause.getMessage(), cause.getSQLState(), cause);
            this.statement = statement;
        }
    }

    private CopisteException failure(String verb, SQLException e) {
        String message = e.getMessage() == null ? "" : e.getMessage().split("\n")[0].replaceFirst("^ERROR: ", "");
        if ("55P03".equals(e.getSQLState())) {
            return new CopisteException(ErrorCode.DATABASE_NOT_READY, verb + " could not take a lock within "
                    + lockTimeout.toSeconds() + "s (" + message + "); nothing was changed",
                    "a long transaction is using a bound table: let it finish, or raise --lock-timeout", e);
        }
        if (e.getSQLState() != null && e.getSQLState().startsWith("08")) {
            return new CopisteException(ErrorCode.CANNOT_CONNECT, verb + " lost its connection to "
                    + connector.describe() + ": " + message + "; nothing was changed", "run it again", e);
        }
        String where = "";
        if (e instanceof StatementFailed f) {
            String first = f.statement.strip().split("\n")[0];
            where = " (at: " + (first.length() > 100 ? first.substring(0, 100) + "…" : first) + ")";
        }
        return new CopisteException(ErrorCode.DATABASE_NOT_READY, verb + " failed: " + message + where
                + "; nothing was changed", "run 'copiste check' to see what the database is missing", e);
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the connection is gone; the server rolls back on its own
        }
    }
}
