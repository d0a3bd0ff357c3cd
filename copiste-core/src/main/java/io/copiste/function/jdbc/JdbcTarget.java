package io.copiste.function.jdbc;

import io.copiste.CopisteException;
import io.copiste.ErrorCode;
import io.copiste.function.TargetProvider;
import io.copiste.manifest.Secret;
import io.copiste.manifest.Settings;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;

/**
 * A target database reached over JDBC ({@code type: jdbc}): PostgreSQL ({@code jdbc:postgresql://…}) or
 * MariaDB/MySQL ({@code jdbc:mariadb://…}, {@code jdbc:mysql://…}).
 *
 * <pre>
 * targets:
 *   replica:
 *     type: jdbc
 *     url: jdbc:postgresql://replica.example.org:5432/app
 *     user: copiste
 *     password: ${env:REPLICA_PASSWORD}
 *     params: {sslmode: require}
 * </pre>
 *
 * @param url      the JDBC URL, without credentials
 * @param user     the user, or {@code null}
 * @param password the password reference, or {@code null}
 * @param params   extra driver properties
 * @param dialect  how SQL is written for it
 */
public record JdbcTarget(String url, String user, Secret password, Map<String, String> params, Dialect dialect) {
    /** Opens a connection in manual-commit mode; the caller closes it. */
    public Connection open() throws SQLException {
        Properties props = new Properties();
        props.putAll(params);
        if (user != null) {
            props.setProperty("user", user);
        }
        if (password != null) {
            props.setProperty("password", password.reveal());
        }
        Connection c = DriverManager.getConnection(url, props);
        c.setAutoCommit(false);
        return c;
    }

    /** Where it is, for messages (no credentials). */
    public String describe() {
        return url.replaceFirst("\\?.*", "");
    }

    /** The {@code jdbc} target type. */
    public static final class Provider implements TargetProvider {
        @Override
        public String type() {
            return "jdbc";
        }

        @Override
        public Object define(Settings settings) {
            String url = settings.string("url");
            Dialect dialect = null;
            if (url != null) {
                dialect = Dialect.forUrl(url);
                if (dialect == null) {
                    settings.problem("url", "'url' must start with jdbc:postgresql:, jdbc:mariadb: or jdbc:mysql:, not '"
                            + url.replaceFirst("\\?.*", "") + "'", "copiste writes PostgreSQL and MariaDB/MySQL");
                } else if (url.contains("password=")) {
                    settings.problem("url", "'url' contains a password", "use 'password: ${env:NAME}' instead");
                }
            }
            return new JdbcTarget(url, settings.string("user", null), settings.secret("password"),
                    settings.stringMap("params"), dialect);
        }
    }

    /** A connection failure as copiste reports it. */
    CopisteException cannotConnect(SQLException e) {
        return new CopisteException(ErrorCode.CANNOT_CONNECT, "cannot connect to target " + describe() + ": "
                + e.getMessage(), "check the target's url, user and password", e);
    }
}
