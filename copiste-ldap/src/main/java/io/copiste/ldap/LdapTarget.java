package io.copiste.ldap;

import com.unboundid.ldap.sdk.BindRequest;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ServerSet;
import com.unboundid.ldap.sdk.SimpleBindRequest;
import com.unboundid.ldap.sdk.SingleServerSet;
import com.unboundid.ldap.sdk.StartTLSPostConnectProcessor;
import com.unboundid.util.ssl.JVMDefaultTrustManager;
import com.unboundid.util.ssl.SSLUtil;
import com.unboundid.util.ssl.TrustStoreTrustManager;
import io.copiste.function.TargetProvider;
import io.copiste.manifest.Secret;
import io.copiste.manifest.Settings;

import javax.net.ssl.TrustManager;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.time.Duration;

/**
 * An LDAP directory under {@code targets:} ({@code type: ldap}), used by the {@code ldap.*} functions.
 *
 * <pre>
 * targets:
 *   directory:
 *     type: ldap
 *     url: ldaps://ldap.example.org          # ldap://host[:389] or ldaps://host[:636]
 *     startTLS: false                         # upgrade an ldap:// connection with StartTLS
 *     trustStore: /etc/copiste/ldap.p12       # default: the JVM's trusted certificates
 *     trustStorePassword: ${env:TRUST_PASSWORD}
 *     bindDn: cn=copiste,dc=example,dc=org
 *     password: ${env:LDAP_PASSWORD}
 *     poolSize: 4
 *     timeout: 10s
 * </pre>
 *
 * <p>Immutable and thread-safe. The password is a {@link Secret} reference, read only when a connection binds;
 * {@link #toString()} and {@link #describe()} never show it.
 */
public final class LdapTarget {
    private final String host;
    private final int port;
    private final boolean ldaps;
    private final boolean startTls;
    private final String trustStore;
    private final Secret trustStorePassword;
    private final String trustStoreType;
    private final String bindDn;
    private final Secret password;
    private final int poolSize;
    private final Duration timeout;

    LdapTarget(String host, int port, boolean ldaps, boolean startTls, String trustStore, Secret trustStorePassword,
               String trustStoreType, String bindDn, Secret password, int poolSize, Duration timeout) {
        this.host = host;
        this.port = port;
        this.ldaps = ldaps;
        this.startTls = startTls;
        this.trustStore = trustStore;
        this.trustStorePassword = trustStorePassword;
        this.trustStoreType = trustStoreType;
        this.bindDn = bindDn;
        this.password = password;
        this.poolSize = poolSize;
        this.timeout = timeout;
    }

    /** An unencrypted target without credentials, for tests and the demo: {@code ldap://host:port}. */
    public static LdapTarget plain(String host, int port, String bindDn, Secret password) {
        return new LdapTarget(host, port, false, false, null, null, null, bindDn, password, 2, Duration.ofSeconds(10));
    }

    /** {@code ldaps://host:port} (or {@code ldap://…}), without credentials. */
    public String describe() {
        return (ldaps ? "ldaps://" : "ldap://") + host + ":" + port + (startTls ? " (StartTLS)" : "");
    }

    public String bindDn() {
        return bindDn;
    }

    /** Per-operation response timeout. */
    public Duration timeout() {
        return timeout;
    }

    @Override
    public String toString() {
        return "LdapTarget[" + describe() + (bindDn == null ? "" : ", bindDn=" + bindDn) + "]";
    }

    /**
     * Opens a pool of up to {@code poolSize} connections, each bound as {@code bindDn}; the caller closes it.
     * Connections that fail are replaced on next use (the pool retries a failed operation once on a new connection).
     *
     * @throws LDAPException if no connection can be made (the server is down: retryable)
     */
    LDAPConnectionPool openPool() throws LDAPException {
        LDAPConnectionOptions options = new LDAPConnectionOptions();
        options.setConnectTimeoutMillis((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        options.setResponseTimeoutMillis(timeout.toMillis());
        options.setUseSynchronousMode(true);
        ServerSet servers;
        StartTLSPostConnectProcessor startTlsProcessor = null;
        try {
            if (ldaps) {
                servers = new SingleServerSet(host, port, ssl().createSSLSocketFactory(), options);
            } else {
                servers = new SingleServerSet(host, port, options);
                if (startTls) {
                    startTlsProcessor = new StartTLSPostConnectProcessor(ssl().createSSLContext());
                }
            }
        } catch (GeneralSecurityException e) {
            throw new LDAPException(com.unboundid.ldap.sdk.ResultCode.LOCAL_ERROR, "cannot set up TLS for "
                    + describe() + ": " + e.getMessage(), e);
        }
        BindRequest bind = bindDn == null ? null : new SimpleBindRequest(bindDn,
                password == null ? "" : password.reveal());
        LDAPConnectionPool pool = new LDAPConnectionPool(servers, bind, 1, poolSize, startTlsProcessor);
        pool.setRetryFailedOperationsDueToInvalidConnections(true);
        pool.setConnectionPoolName("copiste " + describe());
        return pool;
    }

    private SSLUtil ssl() throws GeneralSecurityException {
        TrustManager trust;
        if (trustStore == null) {
            trust = JVMDefaultTrustManager.getInstance();
        } else {
            trust = new TrustStoreTrustManager(trustStore,
                    trustStorePassword == null ? null : trustStorePassword.reveal().toCharArray(),
                    trustStoreType, true);
        }
        return new SSLUtil(trust);
    }

    /** The {@code ldap} target type. */
    public static final class Provider implements TargetProvider {
        @Override
        public String type() {
            return "ldap";
        }

        @Override
        public Object define(Settings settings) {
            String url = settings.string("url");
            String host = null;
            int port = 0;
            boolean ldaps = false;
            if (url != null) {
                try {
                    URI uri = new URI(url);
                    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
                    if (!scheme.equals("ldap") && !scheme.equals("ldaps")) {
                        settings.problem("url", "'url' must start with ldap:// or ldaps://, not '" + url + "'",
                                "e.g. ldaps://ldap.example.org");
                    } else if (uri.getUserInfo() != null) {
                        settings.problem("url", "'url' contains credentials", "use 'bindDn' and 'password: ${env:NAME}'");
                    } else if (uri.getHost() == null) {
                        settings.problem("url", "'url' has no host: '" + url + "'", "e.g. ldap://127.0.0.1:389");
                    } else {
                        ldaps = scheme.equals("ldaps");
                        host = uri.getHost();
                        port = uri.getPort() > 0 ? uri.getPort() : ldaps ? 636 : 389;
                        if (uri.getPath() != null && !uri.getPath().isEmpty() && !uri.getPath().equals("/")) {
                            settings.problem("url", "'url' must not have a path (a base DN)",
                                    "write the base DN in the function's 'base' or 'dn'");
                        }
                    }
                } catch (java.net.URISyntaxException e) {
                    settings.problem("url", "'url' is not a URL: " + e.getMessage(), "e.g. ldaps://ldap.example.org");
                }
            }
            boolean startTls = settings.bool("startTLS", false);
            if (startTls && ldaps) {
                settings.problem("startTLS", "'startTLS' applies to ldap:// URLs; ldaps:// is already encrypted",
                        "remove 'startTLS' or use ldap://");
            }
            String trustStore = settings.string("trustStore", null);
            Secret trustStorePassword = settings.secret("trustStorePassword");
            String trustStoreType = settings.string("trustStoreType", null);
            if (trustStore == null && (trustStorePassword != null || trustStoreType != null)) {
                settings.problem("trustStore", "'trustStorePassword' and 'trustStoreType' need a 'trustStore'", null);
            }
            if (trustStore != null && !ldaps && !startTls) {
                settings.problem("trustStore", "'trustStore' is set but the connection is not encrypted",
                        "use ldaps:// or 'startTLS: true'");
            }
            String bindDn = settings.string("bindDn", null);
            if (bindDn != null && !com.unboundid.ldap.sdk.DN.isValidDN(bindDn)) {
                settings.problem("bindDn", "'bindDn' is not a valid DN: '" + bindDn + "'", "e.g. cn=copiste,dc=example,dc=org");
            }
            Secret password = settings.secret("password");
            if (password != null && bindDn == null) {
                settings.problem("password", "'password' needs a 'bindDn'", null);
            }
            int poolSize = settings.integer("poolSize", 4, 1, 100);
            Duration timeout = settings.duration("timeout", Duration.ofSeconds(10));
            return new LdapTarget(host, port, ldaps, startTls, trustStore, trustStorePassword, trustStoreType, bindDn,
                    password, poolSize, timeout);
        }
    }
}
