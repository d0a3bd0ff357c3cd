/**
 * Flyway support for Slony-I replication: {@link io.copiste.flyway.SlonyCallback} adds the tables migrations create
 * to their sets and takes tables out of their sets before migrations drop them, following a copiste topology file;
 * {@link io.copiste.flyway.SlonyMigrations} is the call for Java migrations. The work is done by
 * {@link io.copiste.slony.topology.MigrationHook}, which other migration tools call the same way.
 */
package io.copiste.flyway;
