package io.copiste.function;

import io.copiste.manifest.Settings;

/**
 * A kind of function, named in a manifest by its {@link #type()} ({@code function: {type: log, …}}). Found with
 * {@link java.util.ServiceLoader}: list the implementation in
 * {@code META-INF/services/io.copiste.function.FunctionProvider}.
 *
 * <p>Implementations must be stateless and thread-safe; copiste creates one instance per process.
 */
public interface FunctionProvider {
    /** The short name used in manifests, e.g. {@code log} or {@code ldap.entry}. Lower case, dots allowed. */
    String type();

    /** One line saying what the function does, for {@code copiste functions}. */
    default String summary() {
        return "";
    }

    /**
     * Reads this function's settings from a binding. Problems (missing keys, bad values) are reported through
     * {@link Settings#problem} rather than thrown; a definition is returned even then (it is discarded when the
     * manifest has problems). Must not connect anywhere: validation works offline.
     */
    FunctionDefinition define(Settings settings);
}
