package io.copiste.cli;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedAddRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedDeleteRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedModifyDNRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedModifyRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryOperationInterceptor;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;

import java.io.PrintWriter;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The demo's directory: UnboundID's in-memory LDAP server on a free loopback port, with {@code ou=people} and
 * {@code ou=groups} under {@value #SUFFIX} and referential integrity on {@code member}, printing every write it
 * receives as copiste applies it.
 */
final class DemoDirectory implements AutoCloseable {
    static final String SUFFIX = "dc=example,dc=org";
    static final String ADMIN = "cn=admin," + SUFFIX;
    static final String PASSWORD = "demo-secret";

    private final InMemoryDirectoryServer server;

    private DemoDirectory(InMemoryDirectoryServer server) {
        this.server = server;
    }

    static DemoDirectory start(PrintWriter out) throws LDAPException {
        InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(SUFFIX);
        config.addAdditionalBindCredentials(ADMIN, PASSWORD);
        // like OpenLDAP's refint overlay: members follow renamed entries (copiste does not rewrite references)
        config.setReferentialIntegrityAttributes("member");
        config.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("ldap", InetAddress.getLoopbackAddress(), 0,
                null));
        config.addInMemoryOperationInterceptor(new Printer(out));
        InMemoryDirectoryServer server = new InMemoryDirectoryServer(config);
        try {
            server.add("dn: " + SUFFIX, "objectClass: domain", "dc: example");
            server.add("dn: ou=people," + SUFFIX, "objectClass: organizationalUnit", "ou: people");
            server.add("dn: ou=groups," + SUFFIX, "objectClass: organizationalUnit", "ou: groups");
        } catch (com.unboundid.ldif.LDIFException e) {
            throw new IllegalStateException(e);
        }
        server.startListening();
        return new DemoDirectory(server);
    }

    String url() {
        return "ldap://127.0.0.1:" + server.getListenPort();
    }

    /** Every entry below the organizational units, as LDIF. */
    void print(PrintWriter out) throws LDAPException {
        for (String base : List.of("ou=people," + SUFFIX, "ou=groups," + SUFFIX)) {
            for (SearchResultEntry e : server.search(base, SearchScope.ONE, "(objectClass=*)").getSearchEntries()) {
                out.println("    dn: " + e.getDN());
                for (Attribute a : e.getAttributes()) {
                    for (String v : a.getValues()) {
                        out.println("    " + a.getName() + ": " + v);
                    }
                }
                out.println();
            }
        }
        out.flush();
    }

    @Override
    public void close() {
        server.shutDown(true);
    }

    /** Prints the writes the server receives (binds, searches and the initial entries are not shown). */
    private static final class Printer extends InMemoryOperationInterceptor {
        private final PrintWriter out;

        Printer(PrintWriter out) {
            this.out = out;
        }

        @Override
        public void processAddRequest(InMemoryInterceptedAddRequest request) {
            List<String> values = new ArrayList<>();
            for (Attribute a : request.getRequest().getAttributes()) {
                if (!a.getName().equalsIgnoreCase("objectClass")) {
                    values.add(a.getName() + ": " + String.join(", ", a.getValues()));
                }
            }
            show("add    " + request.getRequest().getDN() + "  (" + String.join("; ", values) + ")");
        }

        @Override
        public void processModifyRequest(InMemoryInterceptedModifyRequest request) {
            List<String> changes = new ArrayList<>();
            for (Modification m : request.getRequest().getModifications()) {
                changes.add(m.getModificationType().getName() + " " + m.getAttributeName()
                        + (m.hasValue() ? ": " + String.join(", ", m.getValues()) : ""));
            }
            show("modify " + request.getRequest().getDN() + "  (" + String.join("; ", changes) + ")");
        }

        @Override
        public void processModifyDNRequest(InMemoryInterceptedModifyDNRequest request) {
            show("rename " + request.getRequest().getDN() + "  ->  " + request.getRequest().getNewRDN());
        }

        @Override
        public void processDeleteRequest(InMemoryInterceptedDeleteRequest request) {
            show("delete " + request.getRequest().getDN());
        }

        private void show(String line) {
            out.println("      ldap : " + line);
            out.flush();
        }
    }
}
