package io.copiste.function;

import io.copiste.manifest.Settings;

/**
 * A kind of target — a named connection under {@code targets:} that functions use (an LDAP directory, another
 * database, an HTTP endpoint) — found with {@link java.util.ServiceLoader} by its {@link #type()}. List the
 * implementation in {@code META-INF/services/io.copiste.function.TargetProvider}. Stateless and thread-safe.
 */
public interface TargetProvider {
    /** The type name used in manifests, e.g. {@code ldap}. */
    String type();

    /**
     * Reads the target's settings, reporting problems through {@link Settings#problem}; must not connect (validation
     * works offline). The returned value is what functions receive from {@link io.copiste.manifest.Target#definition()}.
     */
    Object define(Settings settings);
}
