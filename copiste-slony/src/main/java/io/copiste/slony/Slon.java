package io.copiste.slony;

import io.copiste.ErrorCode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * A {@code slon} daemon for a node on this machine, for tests, demos and development. In production slon runs
 * under a service manager (see docs/slony.md for a systemd unit); copiste never needs it to run in-process.
 *
 * <p>slon is started in its own session ({@code setsid}), so that signals aimed at the JVM's process group do not
 * reach it and {@link #stop()} can end slon's watchdog and worker together. Thread-safe.
 */
public final class Slon implements AutoCloseable {
    /**
     * How slon runs. Defaults ({@link #of}) are tuned for quick confirmations and fast catch-up: a SYNC at least
     * every second when there is work ({@code -s 1000}), one every 2 s when idle ({@code -t 2000}), and SYNC groups
     * of one ({@code -g 1}; the default 20 drained a pgbench backlog 3 to 5 times slower here).
     */
    public record Settings(ClusterName cluster, Conninfo conninfo, Duration syncInterval, Duration syncTimeout,
                           int groupSize, Path logFile, Path program) {
        public Settings {
            Objects.requireNonNull(cluster, "cluster");
            Objects.requireNonNull(conninfo, "conninfo");
            Objects.requireNonNull(logFile, "logFile");
            if (groupSize < 1 || groupSize > 100) {
                throw new IllegalArgumentException("slon group size must be between 1 and 100, not " + groupSize);
            }
        }

        public static Settings of(ClusterName cluster, Conninfo conninfo, Path logFile) {
            return new Settings(cluster, conninfo, Duration.ofSeconds(1), Duration.ofSeconds(2), 1, logFile, null);
        }

        public Settings withGroupSize(int value) {
            return new Settings(cluster, conninfo, syncInterval, syncTimeout, value, logFile, program);
        }

        /** The command line: {@code [setsid] slon -s … -t … -g … CLUSTER 'CONNINFO'}. */
        List<String> command() {
            List<String> command = new ArrayList<>();
            if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
                command.add("/usr/bin/setsid");
            }
            command.add((program != null ? program : Binaries.find("slon")).toString());
            command.addAll(List.of("-s", Long.toString(syncInterval.toMillis()), "-t",
                    Long.toString(syncTimeout.toMillis()), "-g", Integer.toString(groupSize), cluster.name(),
                    conninfo.text()));
            return command;
        }
    }

    private final Settings settings;
    private final Process process;

    private Slon(Settings settings, Process process) {
        this.settings = settings;
        this.process = process;
    }

    /** Starts slon, appending its output to the settings' log file. */
    public static Slon start(Settings settings) {
        try {
            Files.createDirectories(settings.logFile().toAbsolutePath().getParent());
            Process process = new ProcessBuilder(settings.command()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(settings.logFile().toFile())).start();
            return new Slon(settings, process);
        } catch (IOException e) {
            throw new SlonyException(ErrorCode.INTERNAL, 0, "cannot start slon for cluster " + settings.cluster()
                    + " on " + settings.conninfo().describe() + ": " + e.getMessage(),
                    "install Slony-I's tools (Debian: slony1-2-bin)");
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    public Settings settings() {
        return settings;
    }

    /**
     * Asks slon to shut down (SIGTERM) and waits up to 10 s before killing it; then kills whatever is left of its
     * process group. slon's watchdog that is waiting to restart its worker (after a restart notification, which
     * every configuration change of the node's own can trigger) does not always act on SIGTERM, and a worker it
     * starts afterwards would outlive a signal sent to the processes known before.
     */
    public void stop() {
        List<ProcessHandle> children = process.descendants().toList();
        if (!signalGroup("TERM")) {
            process.destroy();
            children.forEach(ProcessHandle::destroy);
        }
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                kill();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
        }
        signalGroup("KILL");
        children.forEach(ProcessHandle::destroyForcibly);
    }

    /** Kills slon at once (SIGKILL), as a crash would. */
    public void kill() {
        signalGroup("KILL");
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Sends a signal to slon's own process group (it leads one when started through {@code setsid}); false when
     * it does not lead one or {@code kill} is missing.
     */
    private boolean signalGroup(String signal) {
        if (!settings.command().get(0).endsWith("setsid") || !Files.isExecutable(Path.of("/bin/kill"))) {
            return false;
        }
        try {
            Process kill = new ProcessBuilder("/bin/kill", "-s", signal, "--", "-" + process.pid())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return kill.waitFor(5, TimeUnit.SECONDS) && kill.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        stop();
    }
}
