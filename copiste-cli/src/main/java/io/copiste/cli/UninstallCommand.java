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

@Command(mixinStandardHelpOptions = true, name = "uninstall", sortOptions = false,
        header = "Remove this pipeline's triggers, functions and catalog rows.",
        description = "Other pipelines in the database are untouched; copiste's schema is dropped with the last pipeline. One transaction. Use 'copiste plan --uninstall' to see the SQL first.")
final class UninstallCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ManifestOption manifest;

    @Option(names = "--lock-timeout", paramLabel = "DURATION", defaultValue = "10s", converter = Durations.class,
            description = "How long to wait for locks on bound tables (default: ${DEFAULT-VALUE}).")
    Duration lockTimeout;

    @Option(names = "--json", description = "Print what was done as JSON.")
    boolean json;

    @Option(names = "--force", description = "Go ahead even if undelivered changes would be discarded.")
    boolean force;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Plan plan = manifest.copiste().withLockTimeout(lockTimeout).uninstall(force);
        if (json) {
            Render.json(out, Render.planJson(plan));
        } else if (!plan.hasChanges()) {
            out.println("pipeline '" + plan.pipeline() + "' is not installed in " + plan.database() + "; nothing to do");
        } else {
            out.println("uninstall of pipeline '" + plan.pipeline() + "' from " + plan.database() + ":");
            Render.planSummary(out, plan);
            out.println("done: " + plan.steps().size() + " bindings removed");
        }
        return 0;
    }
}
