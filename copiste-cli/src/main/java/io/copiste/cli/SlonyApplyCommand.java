package io.copiste.cli;

import io.copiste.slony.SlonyOptions;
import io.copiste.slony.topology.ApplyListener;
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
import java.time.Duration;
import java.util.concurrent.Callable;

/** {@code copiste slony apply TOPOLOGY}: runs the plan with progress, stopping at the first failure. */
@Command(name = "apply", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Take a Slony-I cluster to its topology file.",
        description = {"Plans as 'copiste slony plan' does, then runs the steps with slonik's waits, printing "
                + "progress. Stops at the first failure with what failed and what to do; applying again continues "
                + "where it stopped. Refuses to run anything while a change is refused as unsafe.",
                "slon must run for every node (it may be started before its node exists: it retries)."})
final class SlonyApplyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "TOPOLOGY", description = "The topology file (see docs/topology.md).")
    Path file;

    @Option(names = "--switchover", description = "Move a set's origin when the file gives another one: lock the "
            + "set on the old origin, move it, wait for every node.")
    boolean switchover;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "10m", converter = Durations.class,
            description = "The longest any single wait may take (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Topology topology = Topology.load(file);
        SlonyOptions options = SlonyOptions.defaults().withTimeout(timeout)
                .withProgress(message -> {
                    out.println("    " + message);
                    out.flush();
                });
        try (TopologyDriver driver = TopologyDriver.connect(topology, options)) {
            TopologyDriver.Applied applied = driver.apply(switchover, new Printer(out));
            out.println(applied.steps() == 0 ? "cluster " + topology.cluster() + " is already as " + file + " says"
                    : "cluster " + topology.cluster() + " is as " + file + " says (" + applied.steps() + " steps, "
                    + seconds(applied.time()) + ")");
        }
        out.flush();
        return 0;
    }

    private static String seconds(Duration d) {
        return String.format("%.1f s", d.toMillis() / 1000.0);
    }

    /** Prints each plan, then each step as it starts and ends. */
    private record Printer(PrintWriter out) implements ApplyListener {
        @Override
        public void planned(int round, TopologyPlan plan) {
            if (round > 1 && plan.steps().isEmpty()) {
                return;
            }
            out.print(plan.describe());
            out.flush();
        }

        @Override
        public void starting(int index, int total, TopologyPlan.Step step) {
            out.println("[" + index + "/" + total + "] " + step.description() + " ...");
            out.flush();
        }

        @Override
        public void done(int index, int total, TopologyPlan.Step step, Duration took) {
            out.println("[" + index + "/" + total + "] done (" + seconds(took) + ")");
            out.flush();
        }
    }
}
