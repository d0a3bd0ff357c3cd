/**
 * Connecting to the source database (secrets, password prompt, failure classification) and reading what copiste
 * needs from PostgreSQL's system catalog.
 */
package io.copiste.db;
