package io.copiste.function.builtin;

/**
 * The level of a PL/pgSQL {@code RAISE}. {@code log} reaches the server log with PostgreSQL's default settings;
 * {@code notice} and {@code warning} are also sent to the writing client.
 */
enum RaiseLevel {
    DEBUG, LOG, INFO, NOTICE, WARNING
}
