package io.copiste.ldap;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.schema.Schema;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * UnboundID's in-memory directory server on a fixed loopback port (so it can be stopped and started again for
 * outage tests), with the SDK's standard schema plus the few definitions the scenarios use (see
 * {@link TestDirectory}).
 */
public final class MemoryDirectory implements TestDirectory, AutoCloseable {
    static final String ADMIN = "cn=admin," + SUFFIX;
    static final String PASSWORD = "admin-secret";

    private static final String[] EXTRA_TYPES = {
        "( 2.5.4.42 NAME ( 'givenName' 'gn' ) SUP name X-ORIGIN 'RFC 4519' )",
        "( 2.16.840.1.113730.3.1.13 NAME 'mailLocalAddress' EQUALITY caseIgnoreIA5Match"
                + " SUBSTR caseIgnoreIA5SubstringsMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.26{256} )",
        "( 2.16.840.1.113730.3.1.18 NAME 'mailHost' EQUALITY caseIgnoreIA5Match"
                + " SYNTAX 1.3.6.1.4.1.1466.115.121.1.26{256} SINGLE-VALUE )",
        "( 2.16.840.1.113730.3.1.47 NAME 'mailRoutingAddress' EQUALITY caseIgnoreIA5Match"
                + " SYNTAX 1.3.6.1.4.1.1466.115.121.1.26{256} SINGLE-VALUE )",
        "( 1.3.6.1.1.1.1.12 NAME 'memberUid' EQUALITY caseExactIA5Match SUBSTR caseExactIA5SubstringsMatch"
                + " SYNTAX 1.3.6.1.4.1.1466.115.121.1.26 )",
        "( 1.3.6.1.1.1.1.1 NAME 'gidNumber' EQUALITY integerMatch ORDERING integerOrderingMatch"
                + " SYNTAX 1.3.6.1.4.1.1466.115.121.1.27 SINGLE-VALUE )",
    };
    private static final String[] EXTRA_CLASSES = {
        "( 2.16.840.1.113730.3.2.147 NAME 'inetLocalMailRecipient' SUP top AUXILIARY"
                + " MAY ( mailLocalAddress $ mailHost $ mailRoutingAddress ) )",
        "( 1.3.6.1.1.1.2.2 NAME 'posixGroup' SUP top STRUCTURAL MUST ( cn $ gidNumber )"
                + " MAY ( userPassword $ memberUid $ description ) )",
    };

    private final InMemoryDirectoryServer server;
    private final int port;

    private MemoryDirectory(InMemoryDirectoryServer server, int port) {
        this.server = server;
        this.port = port;
    }

    /** Starts a new server with {@code dc=example,dc=org}, {@code ou=people} and {@code ou=groups}. */
    public static MemoryDirectory open() {
        try {
            int port;
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = s.getLocalPort();
            }
            InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(SUFFIX);
            config.setSchema(schema());
            config.addAdditionalBindCredentials(ADMIN, PASSWORD);
            config.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("default",
                    InetAddress.getLoopbackAddress(), port, null));
            InMemoryDirectoryServer server = new InMemoryDirectoryServer(config);
            server.add("dn: " + SUFFIX, "objectClass: top", "objectClass: domain", "dc: example");
            server.add("dn: ou=people," + SUFFIX, "objectClass: organizationalUnit", "ou: people");
            server.add("dn: ou=groups," + SUFFIX, "objectClass: organizationalUnit", "ou: groups");
            server.startListening();
            return new MemoryDirectory(server, port);
        } catch (LDAPException | IOException | com.unboundid.ldif.LDIFException e) {
            throw new IllegalStateException("cannot start the in-memory directory: " + e, e);
        }
    }

    /** The standard schema, {@code gn} added to givenName, and the mail and posix definitions. */
    static Schema schema() throws LDAPException {
        Entry entry = Schema.getDefaultStandardSchema().getSchemaEntry().duplicate();
        List<String> types = new ArrayList<>();
        for (String t : entry.getAttributeValues("attributeTypes")) {
            if (!t.contains("NAME 'givenName'")) {
                types.add(t);
            }
        }
        types.addAll(List.of(EXTRA_TYPES));
        entry.setAttribute("attributeTypes", types);
        List<String> classes = new ArrayList<>(List.of(entry.getAttributeValues("objectClasses")));
        classes.addAll(List.of(EXTRA_CLASSES));
        entry.setAttribute("objectClasses", classes);
        return new Schema(entry);
    }

    @Override
    public String url() {
        return "ldap://127.0.0.1:" + port;
    }

    @Override
    public String bindDn() {
        return ADMIN;
    }

    @Override
    public String password() {
        return PASSWORD;
    }

    @Override
    public LDAPConnection connect() throws LDAPException {
        return new LDAPConnection("127.0.0.1", port, ADMIN, PASSWORD);
    }

    @Override
    public void stop() {
        server.shutDown(true);
    }

    @Override
    public void start() {
        try {
            server.startListening();
        } catch (LDAPException e) {
            throw new IllegalStateException("cannot restart the in-memory directory: " + e, e);
        }
    }

    @Override
    public void close() {
        server.shutDown(true);
    }
}
