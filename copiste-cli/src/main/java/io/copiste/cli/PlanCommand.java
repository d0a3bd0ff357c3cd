package io.copiste.cli;

import io.copiste.ErrorCode;
import io.copiste.install.Plan;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

@Command(mixinStandardHelpOptions = true, name = "plan", sortOptions = false,
        header = "Show what install would change, as the SQL it would run.",
        description = "Compares the manifest with what the pipeline installed (copiste's catalog) and with the objects actually present, and prints the difference: + create, ~ replace, ! repair, - drop, = up to date. Reads only.")
final class PlanCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ManifestOption manifest;

    @Option(names = "--json", description = "Print the plan as JSON.")
    boolean json;

    @Option(names = "--sql", description = "Print only the SQL script.")
    boolean sqlOnly;

    @Option(names = "--uninstall", description = "Plan uninstall instead of install.")
    boolean uninstall;

    @Option(names = "--exit-code", description = "Exit with 6 when there are changes to apply (for scripts).")
    boolean exitCode;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        var copiste = manifest.copiste();
        Plan plan = uninstall ? copiste.planUninstall() : copiste.plan();
        if (json) {
            Render.json(out, Render.planJson(plan));
        } else if (sqlOnly) {
            out.print(plan.sql());
        } else {
            out.println((uninstall ? "uninstall" : "install") + " plan for pipeline '" + plan.pipeline() + "' on "
                    + plan.database() + ":");
            Render.planSummary(out, plan);
            if (plan.hasChanges()) {
                out.println();
                out.println("-- SQL (one transaction):");
                out.print(plan.sql());
                Render.targetDdl(out, plan);
                out.println(uninstall ? "run 'copiste uninstall' to apply" : Render.counts(plan)
                        + "; run 'copiste install' to apply");
            } else {
                out.println("nothing to do");
            }
        }
        return exitCode && plan.hasChanges() ? ErrorCode.DRIFT.exitCode() : 0;
    }
}
