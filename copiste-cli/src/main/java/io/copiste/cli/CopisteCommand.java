package io.copiste.cli;

import io.copiste.Copiste;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** {@code copiste}: the root command; it only lists the subcommands. */
@Command(name = "copiste",
        mixinStandardHelpOptions = true,
        versionProvider = CopisteCommand.Version.class,
        header = "Keep other systems in step with a PostgreSQL database, in real time.",
        description = {
                "",
                "A manifest (copiste.yaml) binds captures on tables to functions. Typical session:",
                "  copiste validate        check the manifest offline",
                "  copiste plan            show the SQL install would run",
                "  copiste install         apply it (all or nothing; only the difference)",
                "  copiste init            send the rows that existed before install, then hand over",
                "  copiste run             deliver committed changes to the functions (a daemon)",
                "  copiste status          installed? delivered? lag, parked changes, the active daemon",
                "  copiste uninstall       remove this pipeline's triggers, functions and queue",
                "",
                "Slony-I clusters: copiste slony status | plan | apply (a topology file; the Java API does the rest)",
                "",
                "Try it without any database: copiste demo",
                ""},
        subcommands = {
                DemoCommand.class,
                ValidateCommand.class,
                CheckCommand.class,
                PlanCommand.class,
                InstallCommand.class,
                UninstallCommand.class,
                InitCommand.class,
                RunCommand.class,
                StatusCommand.class,
                DlqCommand.class,
                FunctionsCommand.class,
                SlonyCommand.class,
        },
        footer = {"", "Exit codes: 0 ok, 2 usage, 3 invalid manifest, 4 cannot connect, 5 database not ready, "
                + "6 drift/changes pending, 7 target failed, 8 unhealthy, 70 internal error. See docs/errors.md."})
final class CopisteCommand implements Runnable {
    @Spec
    CommandSpec spec;
    private final Errors errors;

    CopisteCommand(Errors errors) {
        this.errors = errors;
    }

    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
            description = "Show debug logs, and stack traces with errors.")
    void verbose(boolean on) {
        errors.verbose = on;
        if (on) {
            System.setProperty("copiste.log.level", "DEBUG");
            ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("io.copiste"))
                    .setLevel(ch.qos.logback.classic.Level.DEBUG);
        }
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[]{"copiste " + Copiste.version(),
                    "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"};
        }
    }
}
