package io.copiste.ldap;

import io.copiste.function.Change;
import io.copiste.function.FunctionException;
import io.copiste.function.Operation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What to do when a value is to be added to an entry that does not exist ({@code missingEntry}): {@code fail}
 * (default: a permanent failure, the binding's {@code onError} applies) or {@code skip} (logged). During
 * {@code copiste init}, the entries of another binding may still be loading in a parallel worker, so a missing
 * entry is retried a bounded number of times first. Not thread-safe.
 */
final class Missing {
    /** The {@code missingEntry} setting. */
    enum Policy { FAIL, SKIP }

    private static final Logger LOG = LoggerFactory.getLogger(Missing.class);
    private static final int INIT_RETRIES = 20;
    private final Policy policy;
    private final String binding;
    private int initMisses;

    Missing(Policy policy, String binding) {
        this.policy = policy;
        this.binding = binding;
    }

    /** Called when the entry {@code dn} is missing for {@code change}; throws unless the change is to be skipped. */
    void entry(String dn, Change change) throws FunctionException {
        if (change.operation() == Operation.SNAPSHOT && initMisses++ < INIT_RETRIES) {
            throw new FunctionException("entry " + dn + " does not exist (yet: init may still be loading it)", true,
                    change, null);
        }
        if (policy == Policy.SKIP) {
            LOG.warn("binding '{}': entry {} does not exist; change {} skipped", binding, dn, change.id());
            return;
        }
        throw new FunctionException("entry " + dn + " does not exist; create it first (or set 'missingEntry: skip')",
                false, change, null);
    }

    /** The entry was there: the init retry budget starts again. */
    void found() {
        initMisses = 0;
    }
}
