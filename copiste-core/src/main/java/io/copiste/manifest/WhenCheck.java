package io.copiste.manifest;

/**
 * An offline sanity check of a {@code when} condition: balanced parentheses and quotes, and a single expression
 * (no {@code ;}). The database checks the rest when the manifest is checked or installed.
 */
final class WhenCheck {
    private WhenCheck() {
    }

    /** A description of what is wrong, or {@code null}. */
    static String problem(String when) {
        if (when.isBlank()) {
            return "it is empty";
        }
        int depth = 0;
        for (int i = 0; i < when.length(); i++) {
            char c = when.charAt(i);
            switch (c) {
                case '\'', '"' -> {
                    int end = when.indexOf(c, i + 1);
                    while (end >= 0 && end + 1 < when.length() && when.charAt(end + 1) == c) {
                        end = when.indexOf(c, end + 2);
                    }
                    if (end < 0) {
                        return "unclosed " + (c == '\'' ? "string literal" : "quoted name") + " at position " + (i + 1);
                    }
                    i = end;
                }
                case '(' -> depth++;
                case ')' -> {
                    if (--depth < 0) {
                        return "unmatched ')' at position " + (i + 1);
                    }
                }
                case ';' -> {
                    return "';' at position " + (i + 1) + " (a condition is one expression)";
                }
                case '-' -> {
                    if (i + 1 < when.length() && when.charAt(i + 1) == '-') {
                        return "comments are not allowed in a condition";
                    }
                }
                case '/' -> {
                    if (i + 1 < when.length() && when.charAt(i + 1) == '*') {
                        return "comments are not allowed in a condition";
                    }
                }
                case '$' -> {
                    if (i + 1 < when.length() && (when.charAt(i + 1) == '$' || Character.isLetter(when.charAt(i + 1)))
                            && (i == 0 || !Character.isLetterOrDigit(when.charAt(i - 1)))) {
                        return "dollar quoting is not allowed in a condition; use '…' literals";
                    }
                }
                default -> {
                }
            }
        }
        return depth > 0 ? "unclosed '('" : null;
    }
}
