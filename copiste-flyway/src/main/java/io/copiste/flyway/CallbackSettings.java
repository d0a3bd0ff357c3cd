package io.copiste.flyway;

import io.copiste.CopisteException;
import io.copiste.ErrorCode;
import io.copiste.slony.SlonyOptions;
import io.copiste.slony.topology.MigrationHook;
import io.copiste.slony.topology.Topology;
import org.flywaydb.core.api.configuration.Configuration;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Where the callback finds its topology and mode, so that they change by configuration, not code. Each is looked up
 * in order: the system property, the environment variable, then the Flyway placeholder:
 *
 * <table>
 *   <caption>settings</caption>
 *   <tr><th>system property</th><th>environment</th><th>Flyway placeholder</th></tr>
 *   <tr><td>{@value #TOPOLOGY}</td><td>COPISTE_SLONY_TOPOLOGY</td><td>copisteSlonyTopology</td></tr>
 *   <tr><td>{@value #MODE}</td><td>COPISTE_SLONY_MODE</td><td>copisteSlonyMode</td></tr>
 * </table>
 *
 * <p>The mode is {@code apply} (the default), {@code log} or {@code off}; in mode off no topology is needed.
 */
record CallbackSettings(Path topology, MigrationHook.Mode mode) {
    static final String TOPOLOGY = "copiste.slony.topology";
    static final String MODE = "copiste.slony.mode";

    static CallbackSettings of(Configuration flyway, UnaryOperator<String> environment) {
        Map<String, String> placeholders = flyway == null ? Map.of() : flyway.getPlaceholders();
        String mode = lookup(MODE, "COPISTE_SLONY_MODE", "copisteSlonyMode", placeholders, environment);
        MigrationHook.Mode parsed;
        try {
            parsed = mode == null ? MigrationHook.Mode.APPLY : MigrationHook.Mode.parse(mode);
        } catch (IllegalArgumentException e) {
            throw new CopisteException(ErrorCode.INVALID_MANIFEST, "copiste Flyway callback: " + e.getMessage(),
                    "set " + MODE + " (or COPISTE_SLONY_MODE, or the placeholder copisteSlonyMode) to apply, log or "
                            + "off");
        }
        String topology = lookup(TOPOLOGY, "COPISTE_SLONY_TOPOLOGY", "copisteSlonyTopology", placeholders,
                environment);
        if (topology == null && parsed != MigrationHook.Mode.OFF) {
            throw new CopisteException(ErrorCode.INVALID_MANIFEST, "copiste Flyway callback: no topology file given",
                    "set COPISTE_SLONY_TOPOLOGY=/path/topology.yaml (or -D" + TOPOLOGY + ", or the Flyway "
                            + "placeholder copisteSlonyTopology), or COPISTE_SLONY_MODE=off where there is no "
                            + "replication");
        }
        return new CallbackSettings(topology == null ? null : Path.of(topology), parsed);
    }

    /** The hook these settings describe; in mode off, one that does nothing. */
    MigrationHook hook(SlonyOptions options) {
        if (topology == null) {
            return null;
        }
        return MigrationHook.of(Topology.load(topology), mode, options);
    }

    private static String lookup(String property, String variable, String placeholder,
                                 Map<String, String> placeholders, UnaryOperator<String> environment) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            value = environment.apply(variable);
        }
        if (value == null || value.isBlank()) {
            value = placeholders.get(placeholder);
        }
        return value == null || value.isBlank() ? null : value.strip();
    }
}
