package io.copiste.bench;

import io.copiste.testkit.PostgresServer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the results were measured on. */
final class Environment {
    private Environment() {
    }

    static String postgresVersion(PostgresServer server) {
        try (var c = server.connect("postgres"); var st = c.createStatement();
             var rs = st.executeQuery("SHOW server_version")) {
            rs.next();
            return rs.getString(1);
        } catch (java.sql.SQLException e) {
            return "unknown";
        }
    }

    static String machine() {
        String cpu = "unknown CPU";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse(cpu);
        } catch (IOException ignored) {
            // not Linux
        }
        long ram = 0;
        try {
            ram = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
                    .map(l -> Long.parseLong(l.replaceAll("[^0-9]", ""))).findFirst().orElse(0L) / 1024 / 1024;
        } catch (IOException ignored) {
            // not Linux
        }
        return Runtime.getRuntime().availableProcessors() + " CPUs (" + cpu + "), " + ram + " GB RAM, "
                + System.getProperty("os.name") + " " + System.getProperty("os.version") + ", Java "
                + System.getProperty("java.runtime.version");
    }
}
