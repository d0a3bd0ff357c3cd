package io.copiste.manifest;

import io.copiste.function.FunctionDefinition;

import java.util.Map;

/**
 * A binding's function: its type, its settings as written, and what the provider made of them.
 *
 * @param type       the function type, e.g. {@code log}
 * @param settings   the settings as written (secrets as their {@code ${…}} references; a secret written in clear is
 *                   replaced by {@link Settings#HIDDEN_SECRET}), without {@code type}: what the catalog stores
 * @param definition the provider's parsed, validated definition
 */
public record FunctionSpec(String type, Map<String, Object> settings, FunctionDefinition definition) {
}
