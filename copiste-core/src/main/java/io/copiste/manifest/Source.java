package io.copiste.manifest;

import java.util.Map;

/**
 * The PostgreSQL database a pipeline captures from. Every field may be absent; the connector then applies
 * libpq's defaults: {@code PGHOST}, {@code PGPORT}, {@code PGDATABASE}, {@code PGUSER} from the environment,
 * else localhost, 5432, the user name, the user name. A missing password is looked up in {@code PGPASSWORD} and
 * {@code ~/.pgpass}, then asked for on the terminal if the server wants one.
 *
 * @param host     host name or address, or {@code null}
 * @param port     port, or {@code null}
 * @param database database name, or {@code null}
 * @param user     role name, or {@code null}
 * @param password the password reference, or {@code null}
 * @param params   extra pgjdbc connection properties (sslmode, sslrootcert, connectTimeout, …)
 * @param location where the section was written
 */
public record Source(String host, Integer port, String database, String user, Secret password,
                     Map<String, String> params, Location location) {
    public Source {
        params = params == null ? Map.of() : Map.copyOf(params);
    }

    /** A source with every field defaulted. */
    public static Source defaults() {
        return new Source(null, null, null, null, null, Map.of(), Location.of("defaults"));
    }

    /** Starts a source for the builder API. */
    public static Source of(String host, int port, String database, String user) {
        return new Source(host, port, database, user, null, Map.of(), Location.of("builder"));
    }

    /** The same source with a password reference. */
    public Source withPassword(Secret secret) {
        return new Source(host, port, database, user, secret, params, location);
    }
}
