package io.copiste.manifest;

import java.util.Objects;

/**
 * One thing wrong with a manifest: where, what, and (when there is one) how to fix it.
 *
 * @param location where it was written
 * @param message  lower-case sentence naming the object and the problem
 * @param hint     what to do, or {@code null}
 */
public record Problem(Location location, String message, String hint) {
    public Problem {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(message, "message");
    }

    /** {@code file:line:col: message} and, on the next line, {@code hint: …}. */
    public String render() {
        return location + ": " + message + (hint == null ? "" : "\n  hint: " + hint);
    }
}
