package io.copiste.cli;

import io.copiste.install.Plan;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;

@Command(mixinStandardHelpOptions = true, name = "install", sortOptions = false,
        header = "Make the database match the manifest: all or nothing, only the difference.",
        description = "Creates copiste's catalog on first use, then creates, replaces, repairs or drops this pipeline's triggers and functions so they match the manifest, in one transaction. Running it again changes nothing. Other pipelines in the same database are not touched.")
final class InstallCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ManifestOption manifest;

    @Option(names = "--lock-timeout", paramLabel = "DURATION", defaultValue = "10s", converter = Durations.class,
            description = "How long to wait for locks on bound tables, e.g. 10s, 1m (default: ${DEFAULT-VALUE}).")
    Duration lockTimeout;

    @Option(names = "--json", description = "Print what was done as JSON.")
    boolean json;

    @Option(names = "--force", description = "Go ahead even if undelivered changes would be discarded.")
    boolean force;

    @Option(names = "--create-targets", description = "First create the target tables of functions such as "
            + "jdbc.table that do not exist yet ('copiste plan' shows the DDL).")
    boolean createTargets;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Plan plan = manifest.copiste().withLockTimeout(lockTimeout).install(force, createTargets);
        if (json) {
            Render.json(out, Render.planJson(plan));
            return 0;
        }
        out.println("install of pipeline '" + plan.pipeline() + "' on " + plan.database() + ":");
        Render.planSummary(out, plan);
        out.println(plan.hasChanges() ? "done: " + Render.done(plan) : "nothing to do");
        return 0;
    }
}
