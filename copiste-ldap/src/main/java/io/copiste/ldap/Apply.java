package io.copiste.ldap;

import com.unboundid.ldap.sdk.LDAPException;
import io.copiste.function.Change;
import io.copiste.function.FunctionException;
import io.copiste.sql.SqlStates;

import java.sql.SQLException;
import java.util.List;

/**
 * Applies changes one at a time and turns failures into {@link FunctionException}s naming the change: LDAP failures
 * classified by result code ({@link LdapErrors}), source-database failures by SQLSTATE (the connection is dropped
 * so the retry opens a new one).
 */
final class Apply {
    /** What one change does. */
    interface Step {
        void apply(Change change) throws LDAPException, SQLException, FunctionException;
    }

    private Apply() {
    }

    static void each(List<Change> changes, Source source, Step step) throws FunctionException {
        for (Change c : changes) {
            try {
                step.apply(c);
            } catch (LDAPException e) {
                throw LdapErrors.failure(c.operation().manifestName() + " of " + c.table() + " (change " + c.id()
                        + ")", e, c);
            } catch (SQLException e) {
                source.failed();
                throw new FunctionException(c.operation().manifestName() + " of " + c.table() + " (change " + c.id()
                        + "): query on the source failed: " + e.getMessage() + " (SQLSTATE " + e.getSQLState() + ")",
                        SqlStates.isRetryable(e), c, e);
            } catch (FunctionException e) {
                throw e.change() != null ? e : new FunctionException(e.getMessage(), e.retryable(), c, e.getCause());
            }
        }
    }

    /** A permanent failure about the data of one change (a NULL in a DN, an ambiguous match). */
    static FunctionException permanent(String message) {
        return new FunctionException(message, false, null, null);
    }
}
