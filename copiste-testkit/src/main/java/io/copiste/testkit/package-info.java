/**
 * Test support shared by copiste's modules: real PostgreSQL servers ({@link io.copiste.testkit.PostgresServer},
 * {@link io.copiste.testkit.PostgresExtension}), OpenLDAP
 * ({@link io.copiste.testkit.Slapd}) and bounded waiting ({@link io.copiste.testkit.Await}).
 */
package io.copiste.testkit;
