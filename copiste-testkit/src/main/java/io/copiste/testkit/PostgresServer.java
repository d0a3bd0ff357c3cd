package io.copiste.testkit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real PostgreSQL server for tests, from the embedded binaries on Maven Central (no installation; works as
 * root). The server log is written to a file that tests can read, with {@code log_min_messages = log} so that
 * {@code RAISE LOG} lines land there.
 *
 * <p>{@link #restart()} stops and starts the same data directory on the same port, for recovery tests.
 * Not thread-safe for start/stop; connections may be opened from any thread.
 */
public final class PostgresServer implements AutoCloseable {
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private final Path dataDirectory;
    private final Path logFile;
    private EmbeddedPostgres postgres;
    private int port;

    private PostgresServer(Path dataDirectory, Path logFile) {
        this.dataDirectory = dataDirectory;
        this.logFile = logFile;
    }

    /** Starts a fresh server on a free loopback port. */
    public static PostgresServer start() {
        try {
            Path dir = Files.createTempDirectory("copiste-pg-");
            PostgresServer server = new PostgresServer(dir.resolve("data"), dir.resolve("postgres.log"));
            server.launch(0);
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void launch(int fixedPort) throws IOException {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false)
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("log_min_messages", "log")
                .setServerConfig("max_connections", "100")
                .setServerConfig("max_prepared_transactions", "10")
                .setServerConfig("fsync", "off")
                .setServerConfig("full_page_writes", "off")
                .setServerConfig("wal_level", "logical")
                .setServerConfig("max_wal_senders", "10")
                .setServerConfig("max_replication_slots", "10")
                .setPGStartupWait(Duration.ofSeconds(60))
                .setOutputRedirector(Redirect.appendTo(logFile.toFile()))
                .setErrorRedirector(Redirect.appendTo(logFile.toFile()));
        if (fixedPort > 0) {
            builder.setPort(fixedPort);
        }
        postgres = builder.start();
        port = postgres.getPort();
    }

    /** Always {@code 127.0.0.1}. */
    public String host() {
        return "127.0.0.1";
    }

    public int port() {
        return port;
    }

    /** The superuser tests connect as. */
    public String user() {
        return "postgres";
    }

    /** A JDBC URL for a database of this server. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host() + ":" + port + "/" + database;
    }

    /** A new connection to a database, as the superuser. The caller closes it. */
    public Connection connect(String database) {
        try {
            return DriverManager.getConnection(jdbcUrl(database), user(), "");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot connect to " + jdbcUrl(database), e);
        }
    }

    /** Creates a database with a fresh unique name and returns the name. */
    public String createDatabase(String prefix) {
        String name = prefix + "_" + DATABASES.incrementAndGet();
        execute("postgres", "CREATE DATABASE \"" + name + "\"");
        return name;
    }

    /** Runs statements in one database, each in its own transaction. */
    public void execute(String database, String... statements) {
        try (Connection c = connect(database); Statement st = c.createStatement()) {
            for (String sql : statements) {
                st.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("statement failed on " + database + ": " + e.getMessage(), e);
        }
    }

    /** Everything the server has logged so far. */
    public String log() {
        try {
            return Files.readString(logFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The server log file. */
    public Path logFile() {
        return logFile;
    }

    /**
     * Makes every role but {@code postgres} log in with a password over TCP (scram-sha-256), for tests of
     * authentication; {@code postgres} keeps trust so the test itself can connect.
     */
    public void requirePasswords() {
        try {
            Files.writeString(dataDirectory.resolve("pg_hba.conf"), """
                    local all all trust
                    host all postgres 127.0.0.1/32 trust
                    host all all 127.0.0.1/32 scram-sha-256
                    """);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        execute("postgres", "SELECT pg_reload_conf()");
    }

    /** Stops the server (fast shutdown: open connections are cut) and starts it again on the same port. */
    public void restart() {
        stop();
        try {
            launch(port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops the server; {@link #restart()} brings it back. */
    public void stop() {
        try {
            if (postgres != null) {
                postgres.close();
                postgres = null;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops the server and deletes its files. */
    @Override
    public void close() {
        stop();
        try (var paths = Files.walk(dataDirectory.getParent())) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory
        }
    }
}
