package io.copiste.ldap;

import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import io.copiste.function.Change;
import io.copiste.function.FunctionException;

import java.util.Set;

/**
 * Decides whether an LDAP failure is worth retrying, by result code (never by message text): the server down,
 * busy, unavailable, a timeout or a lost connection retry; everything about the data (schema and object class
 * violations, no such object under a missing parent, invalid DN syntax, insufficient access, …) is permanent and
 * follows the binding's {@code onError}.
 */
final class LdapErrors {
    /** Result codes that say nothing about the change itself: try again later. */
    private static final Set<ResultCode> RETRYABLE = Set.of(
            ResultCode.BUSY, ResultCode.UNAVAILABLE, ResultCode.SERVER_DOWN, ResultCode.CONNECT_ERROR,
            ResultCode.TIMEOUT, ResultCode.TIME_LIMIT_EXCEEDED, ResultCode.ADMIN_LIMIT_EXCEEDED,
            ResultCode.DECODING_ERROR, ResultCode.CANCELED, ResultCode.NO_MEMORY, ResultCode.DATABASE_LOCK_CONFLICT);

    private LdapErrors() {
    }

    static boolean retryable(ResultCode code) {
        return RETRYABLE.contains(code) || !ResultCode.isConnectionUsable(code);
    }

    /** The failure of an operation on {@code what} (a DN), for the engine. */
    static FunctionException failure(String what, LDAPException e, Change change) {
        boolean retry = retryable(e.getResultCode());
        String message = what + ": " + e.getResultCode().getName()
                + (e.getDiagnosticMessage() != null ? " (" + e.getDiagnosticMessage() + ")" : "");
        return new FunctionException(message, retry, change, e);
    }
}
