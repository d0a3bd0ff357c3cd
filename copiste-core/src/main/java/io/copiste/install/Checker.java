package io.copiste.install;

import io.copiste.db.Introspector;
import io.copiste.db.TableInfo;
import io.copiste.function.DeliveredFunction;
import io.copiste.function.TargetSchema;
import io.copiste.manifest.Binding;
import io.copiste.manifest.Capture;
import io.copiste.manifest.Manifest;
import io.copiste.manifest.Problem;
import io.copiste.manifest.Suggest;
import io.copiste.sql.SqlStates;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Verifies a manifest against a live database: tables exist and are tables, named columns exist, the key exists,
 * the user may create triggers and copiste's objects, and each {@code when} condition compiles on its table.
 * Reads only; inside a transaction it protects itself with a savepoint.
 */
final class Checker {
    private final Connection connection;
    private final String pipeline;
    private final boolean missingTargetsAreProblems;
    private final List<Problem> problems = new ArrayList<>();
    private int unreachable;
    private final Map<String, TableInfo> tables = new LinkedHashMap<>();
    private final Map<String, List<String>> targetDdl = new LinkedHashMap<>();

    /**
     * @param missingTargetsAreProblems whether a target object that does not exist yet (a table install
     *                                  --create-targets would create) counts as a problem (check, install) or only
     *                                  as DDL to show (plan)
     */
    Checker(Connection connection, String pipeline, boolean missingTargetsAreProblems) {
        this.connection = connection;
        this.pipeline = pipeline;
        this.missingTargetsAreProblems = missingTargetsAreProblems;
    }

    /** Whether every problem found is a target that could not be reached (an outage, not a mistake). */
    boolean onlyUnreachableTargets() {
        return !problems.isEmpty() && unreachable == problems.size();
    }

    /** DDL that would create missing target objects, by binding name. */
    Map<String, List<String>> targetDdl() {
        return targetDdl;
    }

    /** The problems found (empty when all is well); tables found are available from {@link #tables()}. */
    List<Problem> check(Manifest manifest) throws SQLException {
        if (!manifest.bindings().isEmpty() && !Introspector.canCreateCopisteObjects(connection)) {
            problems.add(new Problem(manifest.location(), "user " + currentUser()
                    + " may not create copiste's schema and functions in this database",
                    "GRANT CREATE ON DATABASE <db> TO <user> (or ON SCHEMA copiste once it exists), or install as its owner"));
        }
        logical = manifest.capture() == Capture.LOGICAL;
        if (logical && manifest.bindings().stream().anyMatch(Binding::delivered)) {
            checkLogical(manifest);
        }
        for (Binding b : manifest.bindings()) {
            checkBinding(b);
        }
        return List.copyOf(problems);
    }

    private boolean logical;

    /** What 'capture: logical' needs of the server and the user. */
    private void checkLogical(Manifest manifest) throws SQLException {
        try (Statement st = connection.createStatement();
             var rs = st.executeQuery("SELECT current_setting('wal_level'), (SELECT rolreplication OR rolsuper"
                     + " FROM pg_catalog.pg_roles WHERE rolname = current_user), current_setting('max_replication_slots')::int")) {
            rs.next();
            if (!rs.getString(1).equals("logical")) {
                problems.add(new Problem(manifest.location(), "'capture: logical' needs wal_level = logical, and the"
                        + " server has wal_level = " + rs.getString(1),
                        "run ALTER SYSTEM SET wal_level = logical and restart PostgreSQL, or use 'capture: trigger'"));
            }
            if (!rs.getBoolean(2)) {
                problems.add(new Problem(manifest.location(), "'capture: logical' needs a user with the REPLICATION"
                        + " attribute, and " + currentUser() + " has not",
                        "ALTER ROLE " + currentUser() + " REPLICATION, or use 'capture: trigger'"));
            }
            if (rs.getInt(3) == 0) {
                problems.add(new Problem(manifest.location(), "'capture: logical' needs a replication slot, and the"
                        + " server has max_replication_slots = 0",
                        "run ALTER SYSTEM SET max_replication_slots = 10 and restart PostgreSQL"));
            }
        }
    }

    /** The bindings' tables, by binding name, as found. */
    Map<String, TableInfo> tables() {
        return tables;
    }

    private void checkBinding(Binding b) throws SQLException {
        Optional<TableInfo> found = Introspector.table(connection, b.table());
        if (found.isEmpty()) {
            Optional<String> other = Introspector.otherRelationKind(connection, b.table());
            problems.add(new Problem(b.location(), other
                    .map(kind -> "binding '" + b.name() + "': " + b.table() + " is " + kind + ", not a table")
                    .orElse("binding '" + b.name() + "': table " + b.table() + " does not exist"),
                    other.isPresent() ? "bind a table (triggers cannot capture " + other.get() + ")"
                            : "check 'table:' or create the table before install"));
            return;
        }
        TableInfo table = found.get();
        tables.put(b.name(), table);
        checkColumns(b, table, "columns", b.columns());
        checkColumns(b, table, "key", b.key());
        Set<String> used = new LinkedHashSet<>(b.function().definition().columnsUsed());
        checkColumns(b, table, "function", List.copyOf(used));
        if (logical && b.delivered()) {
            if (table.kind() == 'p') {
                // the stream would bring its rows under each partition's name, and replica identity is per partition
                problems.add(new Problem(b.location(), "binding '" + b.name() + "': " + b.table()
                        + " is a partitioned table, which 'capture: logical' does not read yet",
                        "use 'capture: trigger' for this pipeline"));
            }
            if (!Introspector.owns(connection, table.oid())) {
                problems.add(new Problem(b.location(), "binding '" + b.name() + "': user " + currentUser()
                        + " does not own " + b.table() + ", which 'capture: logical' must add to its publication",
                        "install as the table's owner, or use 'capture: trigger'"));
            }
        } else if (!Introspector.canCreateTrigger(connection, table.oid())) {
            problems.add(new Problem(b.location(), "binding '" + b.name() + "': user " + currentUser()
                    + " may not create triggers on " + b.table(),
                    "GRANT TRIGGER ON " + b.table() + " TO " + currentUser() + ", or install as the table's owner"));
        }
        if (b.when() != null) {
            checkWhen(b, table);
        }
        if (b.function().definition() instanceof DeliveredFunction d && d.requiresKey() && b.keyOn(table).isEmpty()) {
            problems.add(new Problem(b.location(), "binding '" + b.name() + "': table " + b.table()
                    + " has no primary key, and function " + b.function().type() + " needs a key to identify rows",
                    "add a primary key, or name unique NOT NULL columns with 'key: [...]'"));
        }
        if (b.function().definition() instanceof TargetSchema schema) {
            checkTarget(b, table, schema);
        }
    }

    private void checkTarget(Binding b, TableInfo table, TargetSchema schema) {
        var context = b.context(pipeline, table, null);
        try {
            for (String p : schema.problems(context)) {
                problems.add(new Problem(b.location(), "binding '" + b.name() + "': " + p, null));
            }
            List<String> ddl = schema.missingDdl(context);
            if (!ddl.isEmpty()) {
                targetDdl.put(b.name(), ddl);
                if (missingTargetsAreProblems) {
                    problems.add(new Problem(b.location(), "binding '" + b.name() + "': the target table does not"
                            + " exist on " + schema.targetDescription(),
                            "run 'copiste install --create-targets' to create it ('copiste plan' shows the DDL)"));
                }
            }
        } catch (io.copiste.CopisteException e) {
            problems.add(new Problem(b.location(), "binding '" + b.name() + "': " + e.getMessage(), e.hint()));
            unreachable += unreachable(e) ? 1 : 0;
        } catch (Exception e) {
            problems.add(new Problem(b.location(), "binding '" + b.name() + "': checking "
                    + schema.targetDescription() + " failed: " + e.getMessage(), null));
            unreachable += unreachable(e) ? 1 : 0;
        }
    }

    /** Whether a failure is a connection that could not be made or was lost (refused, reset, timed out). */
    private static boolean unreachable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLException s && SqlStates.isRetryable(s) || t instanceof java.io.IOException) {
                return true;
            }
        }
        return false;
    }

    private void checkColumns(Binding b, TableInfo table, String where, List<String> columns) {
        for (String c : columns) {
            if (!table.hasColumn(c)) {
                String closest = Suggest.closest(c, table.columnNames());
                problems.add(new Problem(b.location(), "binding '" + b.name() + "': column '" + c + "' (in '" + where
                        + "') does not exist in " + b.table(),
                        closest != null ? "did you mean '" + closest + "'?" : "its columns are: "
                                + String.join(", ", table.columnNames())));
            }
        }
    }

    private void checkWhen(Binding b, TableInfo table) throws SQLException {
        String sql = "SELECT 1 FROM " + table.name().sql() + " AS new, " + table.name().sql()
                + " AS old WHERE (\n" + b.when() + "\n) LIMIT 0";
        Savepoint savepoint = connection.getAutoCommit() ? null : connection.setSavepoint();
        try (Statement st = connection.createStatement()) {
            st.execute(sql);
            if (savepoint != null) {
                connection.releaseSavepoint(savepoint);
            }
        } catch (SQLException e) {
            if (savepoint != null) {
                connection.rollback(savepoint);
            }
            if (SqlStates.isRetryable(e)) {
                throw e;
            }
            String message = e.getMessage() == null ? "invalid" : e.getMessage().split("\n")[0]
                    .replaceFirst("^ERROR: ", "");
            problems.add(new Problem(b.location(), "binding '" + b.name() + "': 'when' does not work on " + b.table()
                    + ": " + message, "write a boolean SQL expression over NEW.column and OLD.column"));
        }
    }

    private String currentUser() throws SQLException {
        try (Statement st = connection.createStatement();
             var rs = st.executeQuery("SELECT current_user")) {
            rs.next();
            return rs.getString(1);
        }
    }
}
