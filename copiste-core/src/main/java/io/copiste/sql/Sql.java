package io.copiste.sql;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The one place where identifiers and literals are written into SQL text. Every name copiste puts into a
 * statement goes through {@link #ident(String)}; every value that cannot be bound goes through
 * {@link #literal(String)}.
 *
 * <p>Stateless and thread-safe.
 */
public final class Sql {
    /** PostgreSQL's limit on identifier length, in bytes (NAMEDATALEN - 1). */
    public static final int MAX_IDENTIFIER_BYTES = 63;

    private Sql() {
    }

    /** Quotes an identifier: always double-quoted, inner double quotes doubled. */
    public static String ident(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("empty identifier");
        }
        if (name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("identifier contains a NUL character");
        }
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    /** Quotes a qualified name {@code schema.name}. */
    public static String ident(String schema, String name) {
        return ident(schema) + '.' + ident(name);
    }

    /** Quotes a list of identifiers, comma-separated. */
    public static String idents(List<String> names) {
        return names.stream().map(Sql::ident).collect(Collectors.joining(", "));
    }

    /**
     * Quotes a string literal for a session with {@code standard_conforming_strings = on} (the default since
     * PostgreSQL 9.1, and set by copiste on its connections): single quotes doubled, backslashes literal.
     * {@code null} renders as {@code NULL}.
     */
    public static String literal(String value) {
        if (value == null) {
            return "NULL";
        }
        if (value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("string literal contains a NUL character");
        }
        return '\'' + value.replace("'", "''") + '\'';
    }

    /**
     * A dollar-quoted body: picks a tag that does not occur in the body, so user text (a {@code when} condition,
     * a message template) can never close the quote.
     */
    public static String dollarQuoted(String body) {
        String tag = "$copiste$";
        for (int i = 1; body.contains(tag); i++) {
            tag = "$copiste" + i + "$";
        }
        return tag + body + tag;
    }

    /**
     * Makes a generated name fit PostgreSQL's 63-byte identifier limit, deterministically: a name that fits is
     * returned unchanged; a longer one is cut on a character boundary and suffixed with {@code _} and 8 hex digits
     * of the SHA-256 of the whole name, so two long names that share a prefix stay distinct.
     */
    public static String fitName(String name) {
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= MAX_IDENTIFIER_BYTES) {
            return name;
        }
        String suffix = "_" + sha256Hex(name).substring(0, 8);
        int budget = MAX_IDENTIFIER_BYTES - suffix.length();
        StringBuilder cut = new StringBuilder();
        int used = 0;
        for (int i = 0; i < name.length(); ) {
            int cp = name.codePointAt(i);
            int len = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (used + len > budget) {
                break;
            }
            cut.appendCodePoint(cp);
            used += len;
            i += Character.charCount(cp);
        }
        return cut + suffix;
    }

    /** Lower-case hex SHA-256 of the UTF-8 bytes of {@code text}. */
    public static String sha256Hex(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
