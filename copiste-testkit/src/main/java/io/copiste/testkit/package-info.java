/**
 * Test support shared by copiste's modules: real PostgreSQL servers ({@link io.copiste.testkit.PostgresServer},
 * {@link io.copiste.testkit.PostgresExtension}) and bounded waiting ({@link io.copiste.testkit.Await}).
 */
package io.copiste.testkit;
