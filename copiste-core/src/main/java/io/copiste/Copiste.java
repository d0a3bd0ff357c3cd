package io.copiste;

import io.copiste.db.Connector;
import io.copiste.engine.DeadLetters;
import io.copiste.engine.Engine;
import io.copiste.engine.Status;
import io.copiste.engine.StatusReader;
import io.copiste.engine.RunOptions;
import io.micrometer.core.instrument.MeterRegistry;
import io.copiste.db.PasswordPrompt;
import io.copiste.init.InitOptions;
import io.copiste.init.InitProgress;
import io.copiste.init.InitResult;
import io.copiste.init.Initializer;
import io.copiste.install.Installer;
import io.copiste.install.Plan;
import io.copiste.manifest.Manifest;
import io.copiste.manifest.Problem;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Properties;

/**
 * copiste's entry point: one pipeline (a {@link Manifest}) against its source database.
 *
 * <pre>{@code
 * Copiste copiste = Copiste.of(Manifest.load(Path.of("copiste.yaml")));
 * Plan plan = copiste.plan();          // what install would change, as SQL
 * copiste.install();                   // apply it, all or nothing
 * }</pre>
 *
 * <p>Every verb opens its own connections and closes them before returning; an instance holds no connection and
 * is thread-safe. Failures are {@link CopisteException}s whose {@link ErrorCode} says what kind.
 */
public final class Copiste {
    private static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofSeconds(10);

    private final Manifest manifest;
    private final Connector connector;
    private final Installer installer;

    private Copiste(Manifest manifest, Connector connector, Duration lockTimeout) {
        this.manifest = Objects.requireNonNull(manifest, "manifest");
        this.connector = Objects.requireNonNull(connector, "connector");
        this.installer = new Installer(connector, version(), lockTimeout);
    }

    /** A pipeline connecting with its manifest's {@code source:} (no password prompt). */
    public static Copiste of(Manifest manifest) {
        return new Copiste(manifest, new Connector(manifest.source(), PasswordPrompt.NONE), DEFAULT_LOCK_TIMEOUT);
    }

    /** A pipeline connecting through the given connector. */
    public static Copiste of(Manifest manifest, Connector connector) {
        return new Copiste(manifest, connector, DEFAULT_LOCK_TIMEOUT);
    }

    /** The same pipeline with another limit on waiting for table locks during install and uninstall. */
    public Copiste withLockTimeout(Duration lockTimeout) {
        return new Copiste(manifest, connector, lockTimeout);
    }

    public Manifest manifest() {
        return manifest;
    }

    public Connector connector() {
        return connector;
    }

    /** Every problem the database has with the manifest; empty when install would work. Reads only. */
    public List<Problem> check() {
        return installer.check(manifest);
    }

    /** What {@link #install()} would change. Reads only. */
    public Plan plan() {
        return installer.plan(manifest);
    }

    /** What {@link #uninstall()} would remove. Reads only. */
    public Plan planUninstall() {
        return installer.planUninstall(manifest.pipeline());
    }

    /**
     * Makes the database match the manifest: creates copiste's catalog on first use and applies only the
     * difference with what the pipeline installed before. One transaction: all or nothing.
     *
     * @return what was done
     */
    public Plan install() {
        return installer.install(manifest, false, false);
    }

    /** Like {@link #install()}, but also when undelivered changes of removed bindings would be discarded. */
    public Plan install(boolean force) {
        return installer.install(manifest, force, false);
    }

    /**
     * Like {@link #install(boolean)}, first creating the target tables of functions such as {@code jdbc.table}
     * that do not exist yet (the DDL {@link #plan()} shows).
     */
    public Plan install(boolean force, boolean createTargets) {
        return installer.install(manifest, force, createTargets);
    }

    /** Removes exactly this pipeline's objects and catalog rows; other pipelines are untouched. */
    public Plan uninstall() {
        return installer.uninstall(manifest.pipeline(), false);
    }

    /** Like {@link #uninstall()}, but also while a daemon runs or changes wait undelivered (they are lost). */
    public Plan uninstall(boolean force) {
        return installer.uninstall(manifest.pipeline(), force);
    }

    /**
     * The daemon delivering this pipeline's changes ({@code copiste run}). Call {@link Engine#run()} on a thread of
     * your own; {@link Engine#stop()} ends it after the sub-batch in hand.
     */
    public Engine engine(RunOptions options, MeterRegistry registry) {
        return new Engine(manifest, connector, installer, options, registry);
    }

    /**
     * Feeds the rows that existed before install to the functions, then hands over to the live stream at exactly
     * that point ({@code copiste init}). {@code copiste run} may be running meanwhile: it pauses.
     */
    public InitResult init(InitOptions options, InitProgress progress) {
        return new Initializer(manifest, connector, installer, RunOptions.DEFAULTS).run(options, progress);
    }

    /** The pipeline's health: installed state, queue, lag, parked changes, the active daemon. Reads only. */
    public Status status() {
        return StatusReader.read(manifest, connector, installer);
    }

    /** The pipeline's dead-letter table on a new connection, which the caller closes with the returned handle. */
    public DeadLetters deadLetters(java.sql.Connection connection) {
        return new DeadLetters(connection, new io.copiste.capture.Queue(manifest.pipeline()));
    }

    /** This copiste's version, e.g. {@code 0.1.0}. */
    public static String version() {
        return Version.VALUE;
    }

    private static final class Version {
        static final String VALUE = read();

        private static String read() {
            try (InputStream in = Copiste.class.getResourceAsStream("version.properties")) {
                if (in == null) {
                    return "unknown";
                }
                Properties p = new Properties();
                p.load(in);
                return p.getProperty("version", "unknown");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
