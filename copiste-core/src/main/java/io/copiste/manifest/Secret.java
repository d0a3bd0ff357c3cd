package io.copiste.manifest;

import io.copiste.CopisteException;
import io.copiste.ErrorCode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A secret value referenced from a manifest: {@code ${env:NAME}}, {@code ${file:/path}}, or (only when the
 * manifest says {@code allowPlaintextSecrets: true}) a value written in clear.
 *
 * <p>The value is read only when {@link #reveal()} is called, never stored, and never printed: {@link #toString()}
 * returns the reference ({@code ${env:NAME}}) or {@code ***}. Immutable and thread-safe.
 */
public final class Secret {
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{(env|file):([^}]+)}");

    private enum Kind { ENV, FILE, PLAIN }

    private final Kind kind;
    private final String ref;
    private final UnaryOperator<String> environment;

    private Secret(Kind kind, String ref, UnaryOperator<String> environment) {
        this.kind = kind;
        this.ref = Objects.requireNonNull(ref);
        this.environment = environment;
    }

    /** A secret read from the environment variable {@code name} when revealed. */
    public static Secret env(String name) {
        return new Secret(Kind.ENV, name, System::getenv);
    }

    /** A secret read from a file when revealed; one trailing newline is removed. */
    public static Secret file(String path) {
        return new Secret(Kind.FILE, path, System::getenv);
    }

    /** A secret given in clear. Prefer {@link #env} or {@link #file}. */
    public static Secret plain(String value) {
        return new Secret(Kind.PLAIN, value, System::getenv);
    }

    /** Whether {@code text} is a whole {@code ${env:…}} or {@code ${file:…}} reference. */
    public static boolean isReference(String text) {
        return REFERENCE.matcher(text.strip()).matches();
    }

    /** Reads {@code ${env:NAME}}, {@code ${file:/path}}, or anything else as a clear-text secret. */
    public static Secret parse(String text) {
        Matcher m = REFERENCE.matcher(text.strip());
        if (!m.matches()) {
            return plain(text);
        }
        return m.group(1).equals("env") ? env(m.group(2).strip()) : file(m.group(2).strip());
    }

    /** Whether the value was written in clear in the manifest. */
    public boolean isPlain() {
        return kind == Kind.PLAIN;
    }

    /** The same reference, resolving environment variables through {@code environment} (for tests). */
    public Secret withEnvironment(UnaryOperator<String> environment) {
        return new Secret(kind, ref, environment);
    }

    /**
     * The secret's value.
     *
     * @throws CopisteException ({@link ErrorCode#INVALID_MANIFEST}) if the variable is unset or the file unreadable
     */
    public String reveal() {
        return switch (kind) {
            case PLAIN -> ref;
            case ENV -> {
                String value = environment.apply(ref);
                if (value == null) {
                    throw new CopisteException(ErrorCode.INVALID_MANIFEST,
                            "secret " + this + ": environment variable " + ref + " is not set",
                            "export " + ref + "=… before running copiste, or use ${file:/path}");
                }
                yield value;
            }
            case FILE -> {
                try {
                    String value = Files.readString(Path.of(ref));
                    yield value.endsWith("\r\n") ? value.substring(0, value.length() - 2)
                            : value.endsWith("\n") ? value.substring(0, value.length() - 1) : value;
                } catch (IOException e) {
                    throw new CopisteException(ErrorCode.INVALID_MANIFEST,
                            "secret " + this + ": cannot read " + ref + " (" + e.getClass().getSimpleName() + ")",
                            "check that the file exists and is readable by this user", e);
                }
            }
        };
    }

    /** The reference as written ({@code ${env:NAME}}), or {@code ***} for a clear-text secret. */
    @Override
    public String toString() {
        return switch (kind) {
            case ENV -> "${env:" + ref + "}";
            case FILE -> "${file:" + ref + "}";
            case PLAIN -> "***";
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret s && s.kind == kind && s.ref.equals(ref);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, ref);
    }
}
