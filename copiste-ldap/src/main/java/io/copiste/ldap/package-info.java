/** LDAP functions: keep a directory in step with the database. */
package io.copiste.ldap;
