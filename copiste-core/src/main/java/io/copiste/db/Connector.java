package io.copiste.db;

import io.copiste.CopisteException;
import io.copiste.ErrorCode;
import io.copiste.manifest.Secret;
import io.copiste.manifest.Source;
import io.copiste.sql.SqlStates;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Properties;
import java.util.function.UnaryOperator;

/**
 * Opens connections to a pipeline's source database.
 *
 * <p>Defaults follow libpq: {@code PGHOST}, {@code PGPORT}, {@code PGDATABASE}, {@code PGUSER}, {@code PGPASSWORD}
 * and {@code ~/.pgpass} (read by pgjdbc). When the server asks for a password nobody gave, the
 * {@link PasswordPrompt} is asked once and the answer kept in memory for later connections of this connector.
 * Failures become a {@link CopisteException} with {@link ErrorCode#CANNOT_CONNECT}; no message ever contains the
 * password.
 *
 * <p>Thread-safe.
 */
public final class Connector {
    /** The oldest PostgreSQL copiste works with: pg_current_xact_id() and pg_snapshot appeared in 13. */
    public static final int MIN_SERVER_VERSION = 130000;

    private final String host;
    private final int port;
    private final String database;
    private final String user;
    private final Secret password;
    private final Properties params;
    private final PasswordPrompt prompt;
    private volatile char[] typed;

    public Connector(Source source, PasswordPrompt prompt) {
        this(source, prompt, System::getenv);
    }

    Connector(Source source, PasswordPrompt prompt, UnaryOperator<String> env) {
        this.host = firstOf(source.host(), env.apply("PGHOST"), "localhost");
        this.port = source.port() != null ? source.port() : parsePort(env.apply("PGPORT"));
        String defaultUser = firstOf(env.apply("PGUSER"), System.getProperty("user.name"), "postgres");
        this.user = firstOf(source.user(), defaultUser, null);
        this.database = firstOf(source.database(), env.apply("PGDATABASE"), this.user);
        String envPassword = env.apply("PGPASSWORD");
        this.password = source.password() != null ? source.password()
                : envPassword != null ? Secret.env("PGPASSWORD") : null;
        this.params = new Properties();
        this.params.putAll(source.params());
        this.prompt = prompt;
    }

    /** A connector for a JDBC-style address, as tests and the demo use: host, port, database, user, no password. */
    public static Connector of(String host, int port, String database, String user) {
        return new Connector(Source.of(host, port, database, user), PasswordPrompt.NONE, name -> null);
    }

    /** {@code postgresql://user@host:port/database}: for messages; never contains a password. */
    public String describe() {
        return "postgresql://" + user + "@" + host + ":" + port + "/" + database;
    }

    /** The JDBC URL (without credentials). */
    public String url() {
        return "jdbc:postgresql://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port + "/"
                + URLEncoder.encode(database, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The database name. */
    public String database() {
        return database;
    }

    /**
     * Opens a connection in auto-commit mode, with {@code application_name = copiste} and standard conforming
     * strings. The caller closes it.
     *
     * @throws CopisteException {@link ErrorCode#CANNOT_CONNECT} if the server cannot be reached or refuses the
     *                          login; {@link ErrorCode#DATABASE_NOT_READY} if the server is too old
     */
    public Connection open() {
        return open("copiste");
    }

    /** Like {@link #open()} with another {@code application_name} (the daemon names its connections). */
    public Connection open(String applicationName) {
        return open(applicationName, new Properties());
    }

    /**
     * A replication connection for logical decoding ({@code replication=database}, simple queries), whose session
     * writes values as copiste reads them: ISO dates in UTC, hex bytea, exact floats.
     */
    public Connection openReplication(String applicationName) {
        Properties extra = new Properties();
        extra.setProperty("replication", "database");
        extra.setProperty("preferQueryMode", "simple");
        extra.setProperty("assumeMinServerVersion", "10");
        extra.setProperty("options", "-c DateStyle=ISO -c TimeZone=UTC -c IntervalStyle=postgres"
                + " -c bytea_output=hex -c extra_float_digits=1");
        return open(applicationName, extra);
    }

    private Connection open(String applicationName, Properties extra) {
        Properties props = new Properties();
        props.putAll(params);
        props.putAll(extra);
        props.setProperty("user", user);
        props.setProperty("ApplicationName", applicationName);
        props.putIfAbsent("connectTimeout", "10");
        props.putIfAbsent("tcpKeepAlive", "true");
        char[] secret = currentPassword();
        if (secret != null) {
            props.setProperty("password", new String(secret));
        }
        try {
            return prepare(DriverManager.getConnection(url(), props));
        } catch (SQLException e) {
            if (SqlStates.isAuthentication(e) && secret == null) {
                char[] answer = prompt.ask("password for " + describe() + ": ");
                if (answer != null) {
                    typed = answer;
                    return open(applicationName, extra);
                }
                throw new CopisteException(ErrorCode.CANNOT_CONNECT, "cannot log in to " + describe()
                        + ": the server wants a password and none was given",
                        "set 'password: ${env:NAME}' under 'source:', export PGPASSWORD, use ~/.pgpass, "
                                + "or run copiste on a terminal to be asked", e);
            }
            throw failure(e);
        }
    }

    private char[] currentPassword() {
        if (typed != null) {
            return typed;
        }
        return password == null ? null : password.reveal().toCharArray();
    }

    private Connection prepare(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("SET standard_conforming_strings = on");
            try (ResultSet rs = st.executeQuery("SELECT current_setting('server_version_num')::int, version()")) {
                rs.next();
                if (rs.getInt(1) < MIN_SERVER_VERSION) {
                    throw new CopisteException(ErrorCode.DATABASE_NOT_READY, describe() + " runs "
                            + rs.getString(2).replaceAll(" on .*", "") + "; copiste needs PostgreSQL 13 or later",
                            "upgrade PostgreSQL");
                }
            }
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
        return c;
    }

    private CopisteException failure(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String reason = firstLine(e.getMessage());
        if (SqlStates.isAuthentication(e)) {
            return new CopisteException(ErrorCode.CANNOT_CONNECT, "cannot log in to " + describe() + ": " + reason,
                    "check the user and password (source.password, PGPASSWORD or ~/.pgpass)", e);
        }
        if (state.equals("3D000")) {
            return new CopisteException(ErrorCode.CANNOT_CONNECT, "database '" + database + "' does not exist on "
                    + host + ":" + port, "check 'source.database', or create the database", e);
        }
        return new CopisteException(ErrorCode.CANNOT_CONNECT, "cannot connect to " + describe() + ": " + reason,
                "check 'source.host' and 'source.port', and that PostgreSQL is running and accepts TCP connections", e);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no reason given";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    private static String firstOf(String a, String b, String c) {
        return a != null && !a.isEmpty() ? a : b != null && !b.isEmpty() ? b : c;
    }

    private static int parsePort(String text) {
        try {
            return text == null ? 5432 : Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw new CopisteException(ErrorCode.INVALID_MANIFEST, "PGPORT is not a port number: '" + text + "'",
                    "set PGPORT to a number, or 'source.port' in the manifest");
        }
    }

    @Override
    public String toString() {
        return describe();
    }

    /** Forgets a typed password. */
    public void forget() {
        char[] t = typed;
        typed = null;
        if (t != null) {
            Arrays.fill(t, '\0');
        }
    }
}
