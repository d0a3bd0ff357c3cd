package io.copiste.manifest;

import java.util.Map;

/**
 * A named connection declared under {@code targets:} and used by functions (an LDAP directory, another
 * database, an HTTP endpoint).
 *
 * @param name       the name functions refer to
 * @param type       the target type, e.g. {@code ldap}
 * @param settings   the other settings as written (secrets as their {@code ${…}} references)
 * @param definition what the type's {@link io.copiste.function.TargetProvider} made of them
 * @param location   where it was declared
 */
public record Target(String name, String type, Map<String, Object> settings, Object definition, Location location) {
    public Target {
        settings = Map.copyOf(settings);
    }

    /** The definition as the type the function expects. */
    public <T> T definition(Class<T> type) {
        return type.cast(definition);
    }
}
