package io.copiste.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.copiste.Copiste;
import io.copiste.CopisteException;
import io.copiste.ErrorCode;
import io.copiste.engine.DeadLetters;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

@Command(mixinStandardHelpOptions = true, name = "dlq", header = "List, retry or discard changes parked by bindings with 'onError: park'.",
        description = "A change a function refused permanently is parked in copiste.dlq with its error, and so is every later change of the same row, to keep the row's order. 'retry' puts a row's parked changes back into the queue in order; 'discard' deletes them.",
        subcommands = {DlqCommand.ListParked.class, DlqCommand.Retry.class, DlqCommand.Discard.class})
final class DlqCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Which parked changes: some ids, or all. */
    static final class Which {
        @Option(names = "--id", paramLabel = "ID", required = true, split = ",",
                description = "Parked change ids (from 'copiste dlq list'); each brings the other parked changes of its row.")
        List<Long> ids;

        @Option(names = "--all", required = true, description = "Every parked change of the pipeline.")
        boolean all;

        List<Long> ids() {
            return all ? List.of() : ids;
        }
    }

    private interface Work<T> {
        T run(DeadLetters dlq) throws SQLException;
    }

    static <T> T withDlq(Copiste copiste, Work<T> work) {
        try (Connection c = copiste.connector().open()) {
            return work.run(copiste.deadLetters(c));
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState())) {
                throw new CopisteException(ErrorCode.DATABASE_NOT_READY, "pipeline '" + copiste.manifest().pipeline()
                        + "' has no queue in " + copiste.connector().describe(), "run copiste install first", e);
            }
            throw new CopisteException(ErrorCode.CANNOT_CONNECT, "dead-letter table: " + e.getMessage(), null, e);
        }
    }

    @Command(mixinStandardHelpOptions = true, name = "list", header = "List parked changes, oldest first.")
    static final class ListParked implements Runnable {
        @Spec
        CommandSpec spec;
        @Mixin
        ManifestOption manifest;
        @Option(names = "--json", description = "Print them as JSON.")
        boolean json;

        @Override
        public void run() {
            PrintWriter out = spec.commandLine().getOut();
            var parked = withDlq(manifest.copiste(), DeadLetters::list);
            if (json) {
                ArrayNode array = Render.JSON.createArrayNode();
                for (DeadLetters.Parked p : parked) {
                    array.addObject().put("id", p.id()).put("binding", p.binding()).put("event", p.event())
                            .put("op", p.operation()).put("key", p.key()).put("error", p.error())
                            .put("parkedAt", p.parkedAt().toString()).put("old", p.oldRow()).put("new", p.newRow());
                }
                Render.json(out, array);
                return;
            }
            if (parked.isEmpty()) {
                out.println("no parked changes");
            }
            for (DeadLetters.Parked p : parked) {
                out.printf("%6d  %s  %s %s  %s%n        %s%n", p.id(), p.parkedAt(), p.binding(), p.operation(),
                        p.key() == null ? "" : p.key(), p.error());
            }
        }
    }

    @Command(mixinStandardHelpOptions = true, name = "retry", header = "Put parked changes back into the queue, each row's in order.")
    static final class Retry implements Runnable {
        @Spec
        CommandSpec spec;
        @Mixin
        ManifestOption manifest;
        @ArgGroup(multiplicity = "1")
        Which which;

        @Override
        public void run() {
            int n = withDlq(manifest.copiste(), dlq -> dlq.retry(which.ids()));
            spec.commandLine().getOut().println(n + " parked changes queued again; copiste run delivers them next");
        }
    }

    @Command(mixinStandardHelpOptions = true, name = "discard", header = "Delete parked changes for good.")
    static final class Discard implements Runnable {
        @Spec
        CommandSpec spec;
        @Mixin
        ManifestOption manifest;
        @ArgGroup(multiplicity = "1")
        Which which;

        @Override
        public void run() {
            int n = withDlq(manifest.copiste(), dlq -> dlq.discard(which.ids()));
            spec.commandLine().getOut().println(n + " parked changes discarded");
        }
    }
}
