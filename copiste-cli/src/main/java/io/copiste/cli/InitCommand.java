package io.copiste.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.copiste.init.InitOptions;
import io.copiste.init.InitProgress;
import io.copiste.init.InitResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

@Command(mixinStandardHelpOptions = true, name = "init", sortOptions = false,
        header = "Bring the targets up to date with the rows that existed before install.",
        description = "Sends every existing row of the bound tables to its function as a snapshot change (an upsert), "
                + "reading in parallel chunks from one consistent snapshot, then hands over to the live stream at "
                + "exactly that snapshot: no change is lost or applied twice. The application keeps writing; a "
                + "running 'copiste run' pauses meanwhile. Re-running converges; --resume continues an interrupted run.")
final class InitCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ManifestOption manifest;

    @Option(names = "--binding", paramLabel = "NAME", description = "Initialize only this binding (repeatable; default all).")
    List<String> bindings = List.of();

    @Option(names = "--resume", description = "Continue an interrupted init from its last finished chunk.")
    boolean resume;

    @Option(names = "--dry-run", description = "Count what would be sent (and pruned); change nothing.")
    boolean dryRun;

    @Option(names = "--prune", description = "Also remove from the target what no longer exists in the source.")
    boolean prune;

    @Option(names = "--max-prune", paramLabel = "PERCENT", defaultValue = "10",
            description = "Refuse to prune more than this share of the target (default: ${DEFAULT-VALUE}%%).")
    int maxPrune;

    @Option(names = "--force", description = "Prune even past --max-prune, or when the source table is empty.")
    boolean force;

    @Option(names = "--workers", paramLabel = "N", description = "Parallel readers (default: up to 4, one per core).")
    Integer workers;

    @Option(names = "--chunk-rows", paramLabel = "N", defaultValue = "100000",
            description = "Rows per chunk, the unit of parallelism and of resuming (default: ${DEFAULT-VALUE}).")
    int chunkRows;

    @Option(names = "--json", description = "Print a JSON summary at the end (no progress bar).")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        InitOptions options = InitOptions.DEFAULTS.withBindings(bindings).withResume(resume).withDryRun(dryRun)
                .withPrune(prune, maxPrune, force).withChunkRows(chunkRows);
        if (workers != null) {
            options = options.withWorkers(workers);
        }
        InitResult result;
        if (json) {
            result = manifest.copiste().init(options, InitProgress.NONE);
        } else {
            try (ProgressBar bar = new ProgressBar(out, System.console() != null)) {
                result = manifest.copiste().init(options, bar);
            }
        }
        if (json) {
            ObjectNode root = Render.JSON.createObjectNode();
            root.put("dryRun", result.dryRun());
            root.put("seconds", result.elapsed().toMillis() / 1000.0);
            root.put("rows", result.rows());
            root.put("errors", 0);
            ArrayNode list = root.putArray("bindings");
            for (InitResult.BindingResult b : result.bindings()) {
                ObjectNode o = list.addObject().put("binding", b.binding()).put("table", b.table()).put("rows", b.rows())
                        .put("chunks", b.chunks()).put("seconds", b.elapsed().toMillis() / 1000.0);
                if (b.pruned() >= 0) {
                    o.put("pruned", b.pruned());
                }
            }
            Render.json(out, root);
        } else {
            double seconds = Math.max(0.001, result.elapsed().toMillis() / 1000.0);
            out.printf("%s%,d rows in %.1f s (%,d rows/s)%n", result.dryRun() ? "dry run: would send " : "init done: ",
                    result.rows(), seconds, (long) (result.rows() / seconds));
        }
        return 0;
    }
}
