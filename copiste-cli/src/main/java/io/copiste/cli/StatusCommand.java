package io.copiste.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.copiste.Copiste;
import io.copiste.ErrorCode;
import io.copiste.engine.Status;
import io.copiste.manifest.Binding;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;

@Command(mixinStandardHelpOptions = true, name = "status", sortOptions = false,
        header = "Show whether the pipeline is installed, delivered and healthy.",
        description = "Per binding: installed state, queued changes and parked changes; for the pipeline: the age of the oldest undelivered change (lag), the last delivery, and which daemon is active. Exit code: 0 healthy, 6 not installed as the manifest says, 8 unhealthy (no daemon running, parked changes, or lag over --max-lag), for scripts and monitors.")
final class StatusCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ManifestOption manifest;

    @Option(names = "--json", description = "Print the status as JSON.")
    boolean json;

    @Option(names = "--max-lag", paramLabel = "DURATION", defaultValue = "60s", converter = Durations.class,
            description = "Lag above which the pipeline counts as unhealthy (default: ${DEFAULT-VALUE}).")
    Duration maxLag;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Copiste copiste = manifest.copiste();
        Status s = copiste.status();
        boolean delivers = copiste.manifest().bindings().stream().anyMatch(Binding::delivered);
        int exit = !s.inSync() ? ErrorCode.DRIFT.exitCode()
                : !s.healthy(maxLag, delivers) ? ErrorCode.UNHEALTHY.exitCode() : 0;
        if (json) {
            ObjectNode root = Render.JSON.createObjectNode();
            root.put("pipeline", s.pipeline());
            root.put("database", s.database());
            root.put("healthy", exit == 0);
            root.put("queued", s.queued());
            if (s.walBehind() >= 0) {
                root.put("walBehindBytes", s.walBehind());
            }
            root.put("lagSeconds", s.lag().toMillis() / 1000.0);
            root.put("lastDelivery", s.lastDelivery() == null ? null : s.lastDelivery().toString());
            root.put("parked", s.parked());
            if (s.daemon() == null) {
                root.putNull("daemon");
            } else {
                root.putObject("daemon").put("pid", s.daemon().pid()).put("from", s.daemon().from());
            }
            ArrayNode bindings = root.putArray("bindings");
            for (Status.BindingStatus b : s.bindings()) {
                bindings.addObject().put("name", b.name()).put("table", b.table()).put("function", b.function())
                        .put("state", b.state()).put("queued", b.queued()).put("parked", b.parked());
            }
            root.set("problems", Render.problemsJson(s.problems()));
            Render.json(out, root);
            return exit;
        }
        out.println("pipeline '" + s.pipeline() + "' on " + s.database() + ": " + switch (exit) {
            case 0 -> "healthy";
            case 6 -> "not installed as the manifest says (run copiste plan)";
            default -> "unhealthy";
        });
        int w = s.bindings().stream().mapToInt(b -> b.name().length()).max().orElse(4);
        for (Status.BindingStatus b : s.bindings()) {
            out.printf("  %-" + w + "s  %-9s  %-10s  %s  queued %d, parked %d%n", b.name(), b.state(), b.function(),
                    b.table(), b.queued(), b.parked());
        }
        if (delivers) {
            out.println("  daemon: " + (s.daemon() == null ? "none running (start copiste run)"
                    : "server process " + s.daemon().pid() + " (" + s.daemon().from() + ")"));
            out.println("  " + (s.walBehind() >= 0 ? "replication slot: " + s.walBehind() + " bytes of WAL not yet delivered"
                    : "queued: " + s.queued() + " changes") + ", lag " + s.lag().toSeconds() + "s, last delivery "
                    + (s.lastDelivery() == null ? "never" : s.lastDelivery()) + ", parked " + s.parked());
        }
        s.problems().forEach(p -> out.println("  problem: " + p.render()));
        return exit;
    }
}
