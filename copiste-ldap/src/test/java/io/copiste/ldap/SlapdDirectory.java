package io.copiste.ldap;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import io.copiste.testkit.Slapd;

import java.time.Duration;

/** OpenLDAP's slapd from the test kit, with {@code ou=people} and {@code ou=groups} under the suffix. */
final class SlapdDirectory implements TestDirectory, AutoCloseable {
    private final Slapd slapd;

    private SlapdDirectory(Slapd slapd) {
        this.slapd = slapd;
    }

    static SlapdDirectory open() {
        Slapd slapd = Slapd.start(Duration.ofSeconds(30));
        try (LDAPConnection c = slapd.connect()) {
            c.add("dn: ou=people," + SUFFIX, "objectClass: organizationalUnit", "ou: people");
            c.add("dn: ou=groups," + SUFFIX, "objectClass: organizationalUnit", "ou: groups");
        } catch (LDAPException | com.unboundid.ldif.LDIFException e) {
            slapd.close();
            throw new IllegalStateException("cannot create the organizational units in slapd: " + e, e);
        }
        return new SlapdDirectory(slapd);
    }

    @Override
    public String url() {
        return slapd.url();
    }

    @Override
    public String bindDn() {
        return Slapd.ADMIN_DN;
    }

    @Override
    public String password() {
        return Slapd.ADMIN_PASSWORD;
    }

    @Override
    public LDAPConnection connect() throws LDAPException {
        return slapd.connect();
    }

    @Override
    public void stop() {
        slapd.stop();
    }

    @Override
    public void start() {
        slapd.start();
    }

    @Override
    public void close() {
        slapd.close();
    }
}
