package io.copiste.function;

import java.util.Set;

/**
 * A function configured for one binding: what {@link FunctionProvider#define} returns. Immutable.
 *
 * <p>An {@link InDatabaseFunction} runs inside the trigger, in the writing transaction.
 */
public interface FunctionDefinition {
    /**
     * Columns of the bound table this function refers to by name (in templates, say). {@code copiste check} and
     * {@code install} verify that they exist.
     */
    default Set<String> columnsUsed() {
        return Set.of();
    }
}
