package io.copiste.cli;

import io.copiste.ErrorCode;
import io.copiste.slony.SlonyOptions;
import io.copiste.slony.topology.Topology;
import io.copiste.slony.topology.TopologyDriver;
import io.copiste.slony.topology.TopologyPlan;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code copiste slony plan TOPOLOGY}: what apply would do, in words and as a slonik script. Reads only. */
@Command(name = "plan", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Show the steps that take a Slony-I cluster to its topology file, and the slonik script.",
        description = {"Reads every node of the topology, compares the cluster with the file and prints the steps "
                + "apply would run, then the equivalent slonik script. Reads only.",
                "Exit codes: 0, or 5 when a change is refused as unsafe, or 6 with --exit-code when there are steps."})
final class SlonyPlanCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "TOPOLOGY", description = "The topology file (see docs/topology.md).")
    Path file;

    @Option(names = "--switchover", description = "Plan moving a set's origin when the file gives another one.")
    boolean switchover;

    @Option(names = "--script", description = "Print only the slonik script.")
    boolean scriptOnly;

    @Option(names = "--exit-code", description = "Exit with 6 when there are steps to apply (for scripts).")
    boolean exitCode;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Topology topology = Topology.load(file);
        TopologyPlan plan;
        try (TopologyDriver driver = TopologyDriver.connect(topology, SlonyOptions.defaults())) {
            plan = driver.plan(switchover);
        }
        if (scriptOnly) {
            out.print(plan.script());
        } else {
            out.print(plan.describe());
            if (!plan.steps().isEmpty()) {
                out.println();
                out.println("# the same as a slonik script (passwords left out):");
                out.print(plan.script());
                if (plan.refusals().isEmpty()) {
                    out.println("# run 'copiste slony apply " + file + (switchover ? " --switchover" : "")
                            + "' to apply");
                }
            }
        }
        out.flush();
        if (!plan.refusals().isEmpty()) {
            return ErrorCode.DATABASE_NOT_READY.exitCode();
        }
        return exitCode && !plan.steps().isEmpty() ? ErrorCode.DRIFT.exitCode() : 0;
    }
}
