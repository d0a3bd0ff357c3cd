/**
 * copiste's public entry points: the {@link io.copiste.Copiste} facade with its verbs (plan, install, uninstall,
 * check), and the one exception type {@link io.copiste.CopisteException} with its {@link io.copiste.ErrorCode}.
 */
package io.copiste;
