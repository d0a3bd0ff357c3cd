package io.copiste.slony;

import io.copiste.ErrorCode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The SQL scripts of the installed Slony-I ({@code slony1_base.2.2.11.sql}, {@code slony1_funcs.v84.2.2.11.sql}, …)
 * and how to load them into a node, as slonik does: the version-independent file, then the variant for the
 * server's PostgreSQL version, with {@code @NAMESPACE@}, {@code @CLUSTERNAME@}, {@code @MODULEVERSION@} and
 * {@code @FUNCVERSION@} substituted. The C module of the same version must be installed in the server.
 */
final class SchemaScripts {
    private static final Pattern BASE = Pattern.compile("slony1_base\\.(\\d+\\.\\d+\\.\\d+)\\.sql");
    /** Where distributions put the scripts: Debian and Ubuntu, PGDG packages, source builds. */
    private static final List<String> PLACES = List.of("/usr/share/slony1", "/usr/share/postgresql",
            "/usr/pgsql/share", "/usr/local/pgsql/share", "/usr/local/share/slony1");

    private final Path directory;
    private final String version;

    private SchemaScripts(Path directory, String version) {
        this.directory = directory;
        this.version = version;
    }

    /** The newest Slony version whose scripts are in {@code directory}, or in the usual places when it is null. */
    static SchemaScripts locate(Path directory) {
        List<Path> candidates = new ArrayList<>();
        if (directory != null) {
            candidates.add(directory);
        } else {
            for (String place : PLACES) {
                Path p = Path.of(place);
                candidates.add(p);
                if (Files.isDirectory(p)) {
                    try (Stream<Path> children = Files.list(p)) {
                        children.filter(Files::isDirectory).forEach(candidates::add);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            }
        }
        for (Path dir : candidates) {
            Optional<String> newest = versions(dir).stream().max(Comparator.comparing(SchemaScripts::sortKey));
            if (newest.isPresent()) {
                return new SchemaScripts(dir, newest.get());
            }
        }
        throw new SlonyException(ErrorCode.DATABASE_NOT_READY, 0, "cannot find Slony-I's SQL scripts "
                + "(slony1_base.VERSION.sql) in " + (directory != null ? directory : String.join(", ", PLACES)),
                "install Slony-I's tools (Debian: slony1-2-bin), or give the directory with SlonyOptions.withScripts");
    }

    /** The Slony version of these scripts, such as {@code 2.2.11}. */
    String version() {
        return version;
    }

    /** The C symbols' version infix: {@code 2_2_11_}. */
    String functionVersion() {
        return version.replace('.', '_') + "_";
    }

    /** Fails clearly when PL/pgSQL or the C module of this version cannot be used on the node. */
    void checkRequirements(Connection c, int node) throws SQLException {
        if (!Jdbc.exists(c, "SELECT 1 FROM pg_catalog.pg_language WHERE lanname = 'plpgsql'")) {
            throw Failures.refused(node, "node " + node + ": PL/pgSQL is not installed", "CREATE EXTENSION plpgsql");
        }
        Jdbc.execute(c, "SAVEPOINT copiste_load");
        try {
            Jdbc.execute(c, "LOAD '$libdir/slony1_funcs." + version + "'");
            Jdbc.execute(c, "RELEASE SAVEPOINT copiste_load");
        } catch (SQLException e) {
            throw new SlonyException(ErrorCode.DATABASE_NOT_READY, node, "node " + node + ": the Slony-I "
                    + version + " module (slony1_funcs." + version + ") cannot be loaded by its PostgreSQL",
                    "install the Slony-I " + version + " server package on that host (Debian: "
                            + "postgresql-MAJOR-slony1-2); its version must match the scripts in " + directory, e);
        }
    }

    /** Loads the base schema and the functions: init cluster and store node. */
    void installAll(Connection c, ClusterName cluster, int serverVersion) throws SQLException {
        String variant = variant(serverVersion);
        Jdbc.execute(c, "CREATE SCHEMA " + cluster.schema());
        for (String file : List.of("slony1_base." + version, "slony1_base." + variant + "." + version,
                "slony1_funcs." + version, "slony1_funcs." + variant + "." + version)) {
            Jdbc.execute(c, read(file + ".sql", cluster));
        }
    }

    /** Reloads the functions only: update functions. */
    void installFunctions(Connection c, ClusterName cluster, int serverVersion) throws SQLException {
        String variant = variant(serverVersion);
        for (String file : List.of("slony1_funcs." + version, "slony1_funcs." + variant + "." + version)) {
            Jdbc.execute(c, read(file + ".sql", cluster));
        }
    }

    /** PostgreSQL 8.3 has its own variant; every later version uses the 8.4 one, as slonik decides. */
    static String variant(int serverVersion) {
        return serverVersion < 80400 ? "v83" : "v84";
    }

    /** A script with slonik's substitutions made. */
    String read(String file, ClusterName cluster) {
        try {
            return Files.readString(directory.resolve(file))
                    .replace("@NAMESPACE@", cluster.schema())
                    .replace("@CLUSTERNAME@", cluster.name())
                    .replace("@MODULEVERSION@", version)
                    .replace("@FUNCVERSION@", functionVersion());
        } catch (IOException e) {
            throw new SlonyException(ErrorCode.DATABASE_NOT_READY, 0, "cannot read " + directory.resolve(file)
                    + ": " + e.getMessage(), "reinstall Slony-I's tools; all four scripts of a version are needed");
        }
    }

    private static List<String> versions(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> BASE.matcher(f.getFileName().toString())).filter(Matcher::matches)
                    .map(m -> m.group(1)).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static String sortKey(String version) {
        StringBuilder key = new StringBuilder();
        for (String part : version.split("\\.")) {
            key.append(String.format("%05d", Integer.parseInt(part)));
        }
        return key.toString();
    }
}
