package io.copiste.ldap;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;

/**
 * A directory server the LDAP scenarios run against: UnboundID's in-memory server ({@link MemoryDirectory}) or
 * OpenLDAP's slapd (the test kit's {@code Slapd}). Its suffix is {@code dc=example,dc=org}; its schema has
 * inetOrgPerson, groupOfNames, inetLocalMailRecipient (mailHost, mailLocalAddress) and posixGroup (memberUid), and
 * {@code givenName} is also known as {@code gn}.
 */
public interface TestDirectory {
    String SUFFIX = "dc=example,dc=org";

    /** {@code ldap://127.0.0.1:port}. */
    String url();

    String bindDn();

    String password();

    /** A new connection bound as {@link #bindDn()}; the caller closes it. */
    LDAPConnection connect() throws LDAPException;

    /** Stops the server (existing connections are cut); the data stays. */
    void stop();

    /** Starts it again on the same port (after {@link #stop()}). */
    void start();
}
