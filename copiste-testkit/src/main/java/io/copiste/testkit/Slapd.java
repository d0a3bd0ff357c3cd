package io.copiste.testkit;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real OpenLDAP server ({@code slapd} from Debian's package, or {@code COPISTE_SLAPD}) for end-to-end tests.
 *
 * <p>Each instance has its own configuration and MDB database in a temporary directory and listens on a free
 * loopback port, so it never touches the machine's own directory. The schemas are OpenLDAP's core, cosine, nis,
 * inetorgperson and misc; the suffix {@value #SUFFIX} exists, with {@value #ADMIN_DN} / {@value #ADMIN_PASSWORD}
 * as its root DN. {@link #stop()} and {@link #start()} take the server down and bring it back on the same port
 * with the same data, for outage tests. Not thread-safe.
 */
public final class Slapd implements AutoCloseable {
    public static final String SUFFIX = "dc=example,dc=org";
    public static final String ADMIN_DN = "cn=admin," + SUFFIX;
    public static final String ADMIN_PASSWORD = "admin-secret";
    private static final List<String> SCHEMAS = List.of("core", "cosine", "nis", "inetorgperson", "misc");

    private final Path dir;
    private final int port;
    private Process process;

    private Slapd(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /** The {@code slapd} program used. */
    public static Path binary() {
        String env = System.getenv("COPISTE_SLAPD");
        return Path.of(env != null ? env : "/usr/sbin/slapd");
    }

    /** Configures and starts a fresh server with an empty {@link #SUFFIX} entry. */
    public static Slapd start(Duration timeout) {
        if (!Files.isExecutable(binary())) {
            throw new IllegalStateException(binary() + " is not installed: run .ci/run, or apt-get install slapd");
        }
        try {
            Path dir = Files.createTempDirectory("copiste-slapd-");
            Files.createDirectories(dir.resolve("data"));
            StringBuilder conf = new StringBuilder();
            for (String schema : SCHEMAS) {
                conf.append("include /etc/ldap/schema/").append(schema).append(".schema\n");
            }
            conf.append("pidfile ").append(dir.resolve("slapd.pid")).append('\n')
                    .append("modulepath /usr/lib/ldap\nmoduleload back_mdb\n")
                    .append("database mdb\nmaxsize 1073741824\n")
                    .append("suffix \"").append(SUFFIX).append("\"\n")
                    .append("rootdn \"").append(ADMIN_DN).append("\"\n")
                    .append("rootpw ").append(ADMIN_PASSWORD).append('\n')
                    .append("directory ").append(dir.resolve("data")).append('\n')
                    .append("index objectClass,uid,cn,mail eq\n");
            Files.writeString(dir.resolve("slapd.conf"), conf, StandardCharsets.UTF_8);
            Slapd slapd = new Slapd(dir, freePort());
            slapd.launch(timeout);
            try (LDAPConnection c = slapd.connect()) {
                c.add(SUFFIX, new Attribute("objectClass", "dcObject", "organization"), new Attribute("o", "example"),
                        new Attribute("dc", "example"));
            }
            return slapd;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (LDAPException e) {
            throw new IllegalStateException("cannot create " + SUFFIX + " in slapd: " + e.getMessage(), e);
        }
    }

    /** Starts the server again after {@link #stop()}, on the same port with the same data. */
    public void start() {
        launch(Duration.ofSeconds(30));
    }

    private void launch(Duration timeout) {
        try {
            process = new ProcessBuilder(binary().toString(), "-f", dir.resolve("slapd.conf").toString(), "-h",
                    url() + "/", "-d", "0")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("slapd.log").toFile()).start();
            process.getOutputStream().close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try (LDAPConnection c = connect()) {
                return;
            } catch (LDAPException e) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    process.destroyForcibly();
                    throw new IllegalStateException("slapd did not start on " + url() + ": " + log(), e);
                }
                sleep();
            }
        }
    }

    /** Stops the server (SIGTERM) and waits until it has exited; connections are cut. */
    public void stop() {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    public String host() {
        return "127.0.0.1";
    }

    public int port() {
        return port;
    }

    /** {@code ldap://127.0.0.1:PORT}. */
    public String url() {
        return "ldap://" + host() + ":" + port;
    }

    /** A new connection bound as {@link #ADMIN_DN}; the caller closes it. */
    public LDAPConnection connect() throws LDAPException {
        return new LDAPConnection(host(), port, ADMIN_DN, ADMIN_PASSWORD);
    }

    /** What the server printed. */
    public String log() {
        try {
            Path log = dir.resolve("slapd.log");
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "";
        }
    }

    /** Stops the server and deletes its files. */
    @Override
    public void close() {
        try {
            stop();
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // a leftover temporary directory is harmless
            }
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for slapd", e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
