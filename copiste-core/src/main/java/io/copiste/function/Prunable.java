package io.copiste.function;

import java.util.List;
import java.util.function.Consumer;

/**
 * Implemented by a {@link Function} whose target can be enumerated, so that {@code copiste init --prune} can remove
 * from the target what no longer exists in the source (LDAP entries under a base, rows of a target table).
 *
 * <p>Init computes the identity of every source row with {@link #identity}, lists the target's identities with
 * {@link #scan}, and passes those without a source row to {@link #remove} (after its safety threshold).
 */
public interface Prunable {
    /** The identity in the target of the entry a source row maps to (a DN, a key), or {@code null} if none. */
    String identity(Row row) throws Exception;

    /** Every identity the target holds for this binding (entries under the base that match its filter, …). */
    void scan(Consumer<String> identities) throws Exception;

    /** Removes these entries from the target; idempotent. */
    void remove(List<String> identities) throws Exception;
}
