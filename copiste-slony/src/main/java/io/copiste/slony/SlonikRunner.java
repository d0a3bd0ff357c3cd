package io.copiste.slony;

import io.copiste.ErrorCode;
import io.copiste.manifest.Secret;
import io.copiste.slony.Command.Failover;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs FAILOVER through the installed {@code slonik}. Failover is slonik's most intricate multi-node procedure: it
 * checks every subscriber has a path to the backup, calls {@code preFailover()} on every candidate, waits for their
 * slons to restart, promotes the most advanced candidate with {@code failedNode2()}/{@code failedNode3()} and then
 * moves the sets on to the requested backup. Re-implementing it would fork its safety rules, so copiste renders the
 * statement, runs slonik with every reachable node's admin conninfo, and reports slonik's own output on failure.
 *
 * <p>Passwords given as secrets in admin conninfos reach slonik through a temporary {@code PGPASSFILE} (mode 0600,
 * deleted afterwards), never through its command line or script.
 */
final class SlonikRunner {
    private final Engine engine;

    SlonikRunner(Engine engine) {
        this.engine = engine;
    }

    Event failover(Failover c) {
        List<Node> nodes = new ArrayList<>();
        engine.sessions.all().forEach(s -> {
            if (s.id() != c.failed()) {
                nodes.add(s.node());
            }
        });
        String script = SlonikScript.render(engine.cluster, nodes, List.of(c));
        run(script, "failover from node " + c.failed() + " to node " + c.backup(), c.backup());
        engine.sessions.forgetEvents(c.failed());
        NodeSession backup = engine.sessions.get(c.backup());
        long last = backup.transaction("read the failover's events", conn -> Jdbc.queryLong(conn, -1,
                "SELECT max(ev_seqno) FROM " + engine.q("sl_event") + " WHERE ev_origin = ?", c.backup()));
        backup.lastEvent = last;
        engine.sessions.lastEventNode = c.backup();
        return new Event(c.backup(), last);
    }

    /** Runs a script with slonik; fails with slonik's output when it exits non-zero or runs out of time. */
    void run(String script, String what, int node) {
        Path slonik = slonik();
        Path passfile = null;
        try {
            passfile = passfile();
            ProcessBuilder pb = new ProcessBuilder(slonik.toString()).redirectErrorStream(true);
            if (passfile != null) {
                pb.environment().put("PGPASSFILE", passfile.toString());
            }
            Process process = pb.start();
            process.getOutputStream().write(script.getBytes(StandardCharsets.UTF_8));
            process.getOutputStream().close();
            if (!process.waitFor(engine.options.timeout().toSeconds(), TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroy);
                process.destroy();
                throw new SlonyException(ErrorCode.DATABASE_NOT_READY, node, "slonik did not finish the " + what
                        + " within " + engine.options.timeout().toSeconds() + " s", "check the slon logs of every "
                        + "node; then look at the cluster with 'copiste slony status' before trying again");
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (process.exitValue() != 0) {
                throw new SlonyException(ErrorCode.DATABASE_NOT_READY, node, "slonik failed the " + what + ": "
                        + output.replace('\n', ' '), "fix what slonik reports (paths to the backup node, "
                        + "forwarding subscriptions, running slons), then try again");
            }
            engine.options.progress().waiting("slonik: " + what + " done" + (output.isEmpty() ? "" : ": " + output));
        } catch (IOException e) {
            throw new SlonyException(ErrorCode.INTERNAL, node, "cannot run " + slonik + ": " + e.getMessage(),
                    "install Slony-I's tools (Debian: slony1-2-bin) or set SlonyOptions.withSlonik");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SlonyException(ErrorCode.INTERNAL, node, "interrupted while slonik ran the " + what,
                    "look at the cluster with 'copiste slony status'");
        } finally {
            if (passfile != null) {
                try {
                    Files.deleteIfExists(passfile);
                } catch (IOException ignored) {
                    // a temporary file in a private directory; the OS cleans it eventually
                }
            }
        }
    }

    private Path slonik() {
        if (engine.options.slonik() != null) {
            return engine.options.slonik();
        }
        return Binaries.find("slonik");
    }

    /** A pgpass file for the admin conninfos that carry a password, or null when none does. */
    private Path passfile() throws IOException {
        StringBuilder lines = new StringBuilder();
        for (NodeSession s : engine.sessions.all()) {
            Conninfo info = s.node().admin();
            if (info.get("password") != null) {
                lines.append(escape(info.params().getOrDefault("host", "localhost"))).append(':')
                        .append(escape(info.params().getOrDefault("port", "5432"))).append(':')
                        .append(escape(info.params().getOrDefault("dbname", "*"))).append(':')
                        .append(escape(info.params().getOrDefault("user", "*"))).append(':')
                        .append(escape(Secret.parse(info.get("password")).reveal())).append('\n');
            }
        }
        if (lines.isEmpty()) {
            return null;
        }
        Path file = Files.createTempFile("copiste-pgpass", "", PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, lines);
        return file;
    }

    private static String escape(String field) {
        return field.replace("\\", "\\\\").replace(":", "\\:");
    }
}
