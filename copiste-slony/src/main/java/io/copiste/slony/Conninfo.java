package io.copiste.slony;

import io.copiste.manifest.Secret;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A libpq connection string ({@code host=db1 port=5432 dbname=app user=slony}), the form slonik, slon and Slony's
 * {@code sl_path} use.
 *
 * <p>A {@code password} may be given as a secret reference ({@code password=${env:NODE1_PASSWORD}} or
 * {@code ${file:/path}}); it is read only when copiste connects, and it is never written out: {@link #text()}, the
 * rendered slonik script and the paths stored in the cluster leave it out, so {@code slonik} and {@code slon} read
 * their passwords from {@code ~/.pgpass} or {@code PGPASSWORD}, as libpq does. Immutable.
 */
public record Conninfo(Map<String, String> params) {
    private static final Set<String> KEYS = Set.of("host", "hostaddr", "port", "dbname", "user", "password",
            "sslmode", "connect_timeout", "application_name", "options", "sslrootcert", "sslcert", "sslkey");

    public Conninfo {
        Objects.requireNonNull(params, "params");
        for (String key : params.keySet()) {
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException("conninfo: unknown keyword '" + key + "'; known: "
                        + KEYS.stream().sorted().collect(Collectors.joining(", ")));
            }
        }
        params = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    /** Parses {@code key=value} pairs separated by spaces; values may be single-quoted with {@code \'} escapes. */
    public static Conninfo parse(String text) {
        Map<String, String> params = new LinkedHashMap<>();
        int i = 0;
        int n = text.length();
        while (i < n) {
            while (i < n && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            if (i >= n) {
                break;
            }
            int eq = text.indexOf('=', i);
            if (eq < 0) {
                throw new IllegalArgumentException("conninfo: missing '=' after '" + text.substring(i).strip() + "'");
            }
            String key = text.substring(i, eq).strip();
            i = eq + 1;
            while (i < n && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            StringBuilder value = new StringBuilder();
            if (i < n && text.charAt(i) == '\'') {
                i++;
                while (i < n && text.charAt(i) != '\'') {
                    char c = text.charAt(i++);
                    if (c == '\\' && i < n) {
                        c = text.charAt(i++);
                    }
                    value.append(c);
                }
                if (i >= n) {
                    throw new IllegalArgumentException("conninfo: unterminated quoted value for '" + key + "'");
                }
                i++;
            } else {
                while (i < n && !Character.isWhitespace(text.charAt(i))) {
                    value.append(text.charAt(i++));
                }
            }
            params.put(key, value.toString());
        }
        return new Conninfo(params);
    }

    /** {@code host=H port=P dbname=D user=U}. */
    public static Conninfo of(String host, int port, String dbname, String user) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("host", host);
        params.put("port", Integer.toString(port));
        params.put("dbname", dbname);
        params.put("user", user);
        return new Conninfo(params);
    }

    /** The same conninfo with one keyword set (or replaced). */
    public Conninfo with(String key, String value) {
        Map<String, String> copy = new LinkedHashMap<>(params);
        copy.put(key, value);
        return new Conninfo(copy);
    }

    public String get(String key) {
        return params.get(key);
    }

    /** The libpq form without the password, quoted where needed: what scripts and {@code sl_path} receive. */
    public String text() {
        return params.entrySet().stream().filter(e -> !e.getKey().equals("password"))
                .map(e -> e.getKey() + "=" + quote(e.getValue())).collect(Collectors.joining(" "));
    }

    /** {@code host:port/dbname}, for messages. */
    public String describe() {
        return params.getOrDefault("host", params.getOrDefault("hostaddr", "localhost")) + ":"
                + params.getOrDefault("port", "5432") + "/" + params.getOrDefault("dbname", "?");
    }

    /** The JDBC URL for this conninfo (TCP only: pgjdbc does not speak over Unix sockets). */
    String jdbcUrl() {
        String host = params.getOrDefault("hostaddr", params.getOrDefault("host", "localhost"));
        if (host.startsWith("/")) {
            throw new IllegalArgumentException("conninfo " + text() + " names a Unix socket directory: copiste "
                    + "connects over TCP, so give host=127.0.0.1 (or the server's name) instead");
        }
        String database = params.getOrDefault("dbname", params.getOrDefault("user", System.getProperty("user.name")));
        return "jdbc:postgresql://" + (host.contains(":") ? "[" + host + "]" : host) + ":"
                + params.getOrDefault("port", "5432") + "/"
                + URLEncoder.encode(database, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** pgjdbc properties: user, password (the secret revealed now), SSL mode, timeouts. */
    Properties jdbcProperties(String applicationName) {
        Properties props = new Properties();
        props.setProperty("user", params.getOrDefault("user", System.getProperty("user.name")));
        String password = params.get("password");
        if (password != null) {
            props.setProperty("password", Secret.parse(password).reveal());
        }
        if (params.containsKey("sslmode")) {
            props.setProperty("sslmode", params.get("sslmode"));
        }
        for (String file : new String[]{"sslrootcert", "sslcert", "sslkey"}) {
            if (params.containsKey(file)) {
                props.setProperty(file, params.get(file));
            }
        }
        if (params.containsKey("options")) {
            props.setProperty("options", params.get("options"));
        }
        props.setProperty("connectTimeout", params.getOrDefault("connect_timeout", "10"));
        props.setProperty("ApplicationName", applicationName);
        props.setProperty("tcpKeepAlive", "true");
        return props;
    }

    private static String quote(String value) {
        if (!value.isEmpty() && value.chars().noneMatch(c -> Character.isWhitespace(c) || c == '\'' || c == '\\')) {
            return value;
        }
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    /** The libpq form without the password. */
    @Override
    public String toString() {
        return text();
    }
}
