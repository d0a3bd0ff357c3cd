package io.copiste.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL cluster made with the Debian packages' binaries ({@code /usr/lib/postgresql/15/bin}, or
 * {@code COPISTE_PG_BIN}), for tests that need server-side modules the embedded binaries lack, such as Slony-I's.
 *
 * <p>Each instance is a fresh {@code initdb} in a temporary directory, listening on a free loopback port with its
 * socket in that directory, so it never touches the machine's own clusters. Every local user is trusted, except the
 * role {@value #SECURED_ROLE}, which must give its password ({@value #SECURED_PASSWORD}), for login-failure tests.
 * {@code initdb} and {@code postgres} refuse to run as root: as root the kit runs them as the {@code postgres}
 * user. Not thread-safe.
 */
public final class DebianPostgres implements AutoCloseable {
    public static final String SECURED_ROLE = "secured";
    public static final String SECURED_PASSWORD = "right-password";

    private final Path dir;
    private final Path data;
    private final Path log;
    private final int port;

    private DebianPostgres(Path dir, int port) {
        this.dir = dir;
        this.data = dir.resolve("data");
        this.log = dir.resolve("postgres.log");
        this.port = port;
    }

    /** Whether this machine has the binaries (tests skip themselves when it does not). */
    public static boolean available() {
        return Files.isExecutable(bin().resolve("initdb"));
    }

    /** The directory of {@code initdb}, {@code pg_ctl}, {@code pgbench}. */
    public static Path bin() {
        String env = System.getenv("COPISTE_PG_BIN");
        return Path.of(env != null ? env : "/usr/lib/postgresql/15/bin");
    }

    /** Creates and starts a fresh cluster. */
    public static DebianPostgres start() {
        try {
            Path dir = Files.createTempDirectory("copiste-debpg-");
            dir.toFile().setReadable(true, false);
            dir.toFile().setExecutable(true, false);
            DebianPostgres pg = new DebianPostgres(dir, freePort());
            pg.init();
            pg.startServer();
            pg.execute("postgres", "CREATE ROLE " + SECURED_ROLE + " LOGIN SUPERUSER PASSWORD '"
                    + SECURED_PASSWORD + "'");
            return pg;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void init() throws IOException {
        Files.createDirectories(data);
        Files.createDirectories(dir.resolve("socket"));
        Files.createFile(log);
        ownedByPostgres(data, dir.resolve("socket"), log);
        run(60, bin().resolve("initdb").toString(), "-D", data.toString(), "-U", "postgres", "--auth-local=trust",
                "--auth-host=trust", "-E", "UTF8", "--locale=C");
        Files.writeString(data.resolve("postgresql.conf"), String.join("\n",
                "listen_addresses = '127.0.0.1'", "port = " + port,
                "unix_socket_directories = '" + dir.resolve("socket") + "'",
                "fsync = off", "synchronous_commit = off", "full_page_writes = off", "max_connections = 60",
                "shared_buffers = 32MB", "log_min_messages = warning", "password_encryption = 'scram-sha-256'", ""),
                StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
        String hba = Files.readString(data.resolve("pg_hba.conf"));
        Files.writeString(data.resolve("pg_hba.conf"), "host all " + SECURED_ROLE + " 127.0.0.1/32 scram-sha-256\n"
                + hba);
    }

    /** Starts the server (after {@link #stop()} or {@link #kill()}), on the same port. */
    public void startServer() {
        run(90, bin().resolve("pg_ctl").toString(), "-D", data.toString(), "-l", log.toString(), "-w", "-t", "60",
                "start");
    }

    /** Fast shutdown: connections are cut, the server stops cleanly. Does nothing when it is not running. */
    public void stop() {
        if (postmasterPid().flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive).isPresent()) {
            run(90, bin().resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "fast", "-w", "stop");
        }
    }

    private java.util.Optional<Long> postmasterPid() {
        try {
            Path pidFile = data.resolve("postmaster.pid");
            return Files.exists(pidFile) ? java.util.Optional.of(Long.parseLong(Files.readAllLines(pidFile).get(0)
                    .strip())) : java.util.Optional.empty();
        } catch (IOException | RuntimeException e) {
            return java.util.Optional.empty();
        }
    }

    /** Kills the postmaster with SIGKILL, as a crash of the machine's database would. */
    public void kill() {
        postmasterPid().flatMap(ProcessHandle::of).ifPresent(p -> {
            List<ProcessHandle> children = p.children().toList();
            p.destroyForcibly();
            children.forEach(ProcessHandle::destroyForcibly);
            p.onExit().join();
        });
    }

    public String host() {
        return "127.0.0.1";
    }

    public int port() {
        return port;
    }

    /** A libpq conninfo for a database, as the {@code postgres} superuser. */
    public String conninfo(String database) {
        return "host=127.0.0.1 port=" + port + " dbname=" + database + " user=postgres";
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** A new connection as the superuser; the caller closes it. */
    public Connection connect(String database) {
        try {
            return DriverManager.getConnection(jdbcUrl(database), "postgres", "");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot connect to " + jdbcUrl(database) + ": " + e.getMessage(), e);
        }
    }

    public void createDatabase(String name) {
        execute("postgres", "CREATE DATABASE \"" + name + "\"");
    }

    /** Runs statements, each in its own transaction. */
    public void execute(String database, String... statements) {
        try (Connection c = connect(database); Statement st = c.createStatement()) {
            for (String sql : statements) {
                st.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("statement failed on port " + port + "/" + database + ": "
                    + e.getMessage(), e);
        }
    }

    /** Runs {@code pgbench} against a database with the given arguments; returns its output. */
    public String pgbench(String database, String... args) {
        List<String> command = new ArrayList<>(List.of(bin().resolve("pgbench").toString(), "-h", "127.0.0.1",
                "-p", Integer.toString(port), "-U", "postgres"));
        command.addAll(List.of(args));
        command.add(database);
        return exec(600, command);
    }

    public Path logFile() {
        return log;
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

    /** Runs a server program, as the postgres user when this JVM runs as root. */
    private void run(int timeoutSeconds, String... command) {
        List<String> full = new ArrayList<>();
        if (isRoot()) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(List.of(command));
        exec(timeoutSeconds, full);
    }

    private String exec(int timeoutSeconds, List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " timed out");
            }
            String text = new String(out, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed (" + p.exitValue() + "): "
                        + text + (Files.exists(log) ? "\nserver log:\n" + Files.readString(log) : ""));
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + command.get(0), e);
        }
    }

    private static void ownedByPostgres(Path... paths) throws IOException {
        if (!isRoot()) {
            return;
        }
        var lookup = paths[0].getFileSystem().getUserPrincipalLookupService();
        var postgres = lookup.lookupPrincipalByName("postgres");
        for (Path p : paths) {
            Files.setOwner(p, postgres);
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
