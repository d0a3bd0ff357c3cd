package io.copiste.bench;

import io.copiste.Copiste;
import io.copiste.testkit.PostgresServer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Scenario 4: one transaction of N rows, delivered by {@code copiste run} in a child JVM whose heap is capped
 * ({@code -Xmx256m} by default); see {@link BigTransactionChild}.
 */
final class BigTransaction {
    static final String MANIFEST = """
            pipeline: bigtx
            capture: %s
            bindings:
              - {name: t, table: big_t, function: {type: bench.noop, probe: bigtx}}
            """;

    private BigTransaction() {
    }

    static List<Result> run(PostgresServer server, Options o) throws Exception {
        return List.of(run(server, o, "trigger"), run(server, o, "logical"));
    }

    private static Result run(PostgresServer server, Options o, String capture) throws Exception {
        int n = o.integer("bigtx-rows");
        String heap = o.string("bigtx-heap");
        String db = server.createDatabase("bigtx");
        server.execute(db, "CREATE TABLE big_t (id bigint PRIMARY KEY, account int NOT NULL, amount numeric(12,2),"
                + " label text NOT NULL, at timestamptz DEFAULT now())");
        Copiste copiste = Db.copiste(server, db, MANIFEST.formatted(capture));
        copiste.install();
        server.execute(db, ("INSERT INTO big_t (id, account, amount, label) SELECT g, g %% 1000, g * 0.01,"
                + " 'a label of some forty characters, #' || g FROM generate_series(1, %d) g").formatted(n));
        if (capture.equals("trigger")) {
            Bench.log("bigtx: " + Db.scalar(server, db, "SELECT count(*) FROM copiste.\"q/bigtx\"")
                    + " events queued in one transaction");
        }

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xmx" + heap, "-cp", System.getProperty("java.class.path"),
                BigTransactionChild.class.getName(), server.host(), Integer.toString(server.port()), db,
                Integer.toString(n), capture)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!p.waitFor(1800, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        int rc = p.exitValue();
        copiste.uninstall(true);
        String scenario = "one transaction of " + Stats.count(n) + " rows delivered with the daemon's heap capped at "
                + heap + " (child JVM, `-Xmx" + heap + "`), `capture: " + capture + "`";
        if (rc != 0) {
            return new Result(scenario, "failed (exit " + rc + "): " + lastLine(out), "—", "—", "delivered",
                    Result.verdict(false));
        }
        return new Result(scenario, lastLine(out), "—", "—", "delivered within the cap", Result.verdict(true));
    }

    private static String lastLine(String out) {
        String[] lines = out.split("\n");
        return lines[lines.length - 1];
    }

    static String readRss() {
        try {
            return java.nio.file.Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .filter(l -> l.startsWith("VmHWM")).map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024 + " MB")
                    .findFirst().orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
