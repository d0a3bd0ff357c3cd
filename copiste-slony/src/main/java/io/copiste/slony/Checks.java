package io.copiste.slony;

/** Argument checks shared by the value records; messages say which value is wrong. */
final class Checks {
    private Checks() {
    }

    /** Slony ids are positive int4 values. */
    static int nodeId(int id, String what) {
        if (id <= 0) {
            throw new IllegalArgumentException(what + " must be a positive integer, not " + id);
        }
        return id;
    }

    /** An id that may be 0, which means "none" or "the next free one", as each caller documents. */
    static int idOrNext(int id, String what) {
        if (id < 0) {
            throw new IllegalArgumentException(what + " must be 0 or a positive id, not " + id);
        }
        return id;
    }

    static String text(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
        return value;
    }

    static void distinct(int a, int b, String message) {
        if (a == b) {
            throw new IllegalArgumentException(message);
        }
    }
}
