/**
 * install, uninstall and plan: the catalog of what each pipeline installed, the rendering of triggers and
 * trigger functions, the checks against the live database, and all-or-nothing application.
 */
package io.copiste.install;
