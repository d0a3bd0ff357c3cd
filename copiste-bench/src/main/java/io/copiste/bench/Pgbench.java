package io.copiste.bench;

import io.copiste.testkit.PostgresServer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs Debian's {@code pgbench} (PostgreSQL 15 client tools) against a server of the benchmark. */
final class Pgbench {
    static final Path BINARY = Path.of("/usr/lib/postgresql/15/bin/pgbench");
    private static final Pattern TPS = Pattern.compile("tps = ([0-9.]+) \\(without initial connection time\\)");

    private Pgbench() {
    }

    static boolean available() {
        return Files.isExecutable(BINARY);
    }

    /** {@code pgbench -i -s scale}: creates and fills the four pgbench tables (with their primary keys). */
    static void initialize(PostgresServer server, String database, int scale) {
        run(server, database, "-i", "-q", "-s", Integer.toString(scale));
    }

    /** Creates the four pgbench tables and their primary keys, empty (for a replication target). */
    static void createTables(PostgresServer server, String database) {
        run(server, database, "-i", "-q", "-I", "dtp");
    }

    /** The standard TPC-B-like run for {@code seconds}; returns the TPS without connection time. */
    static double tps(PostgresServer server, String database, int clients, int seconds) {
        String out = run(server, database, "-c", Integer.toString(clients), "-j", Integer.toString(Math.min(clients, 2)),
                "-T", Integer.toString(seconds));
        return tps(out);
    }

    /** The TPS (without connection time) a pgbench run printed. */
    static double tps(String output) {
        Matcher m = TPS.matcher(output);
        if (!m.find()) {
            throw new IllegalStateException("no tps in pgbench output: " + output);
        }
        return Double.parseDouble(m.group(1));
    }

    private static String run(PostgresServer server, String database, String... args) {
        List<String> cmd = new ArrayList<>(List.of(BINARY.toString(), "-h", server.host(), "-p",
                Integer.toString(server.port()), "-U", server.user()));
        cmd.addAll(List.of(args));
        cmd.add(database);
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IllegalStateException("pgbench failed: " + String.join(" ", cmd) + "\n" + out);
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + BINARY, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
