package io.copiste.db;

/**
 * Asks the user for a password the manifest does not give. The CLI implements it with
 * {@link java.io.Console#readPassword} (never echoed); library callers pass {@link #NONE}.
 */
@FunctionalInterface
public interface PasswordPrompt {
    /** No terminal: never asks. */
    PasswordPrompt NONE = prompt -> null;

    /** The password typed for {@code prompt}, or {@code null} when nobody can be asked. */
    char[] ask(String prompt);
}
