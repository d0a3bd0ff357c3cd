/**
 * The in-database functions: {@code log}, {@code debug}, {@code notify}. Each renders PL/pgSQL run by the binding's
 * trigger, inside the writing transaction.
 */
package io.copiste.function.builtin;
