package io.copiste.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.copiste.Copiste;
import io.copiste.ErrorCode;
import io.copiste.manifest.Problem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

@Command(mixinStandardHelpOptions = true, name = "check", sortOptions = false,
        header = "Validate the manifest and verify the database is ready for it.",
        description = "Connects to the source database and checks that every bound table exists, that named columns and keys exist, that 'when' conditions compile, and that the user may create triggers and copiste's schema. Changes nothing.")
final class CheckCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ManifestOption manifest;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Copiste copiste = manifest.copiste();
        List<Problem> problems = copiste.check();
        if (json) {
            ObjectNode root = Render.JSON.createObjectNode();
            root.put("ready", problems.isEmpty());
            root.put("database", copiste.connector().describe());
            root.set("problems", Render.problemsJson(problems));
            Render.json(out, root);
        } else if (problems.isEmpty()) {
            out.println("ok: " + copiste.connector().describe() + " is ready for pipeline '"
                    + copiste.manifest().pipeline() + "' (" + copiste.manifest().bindings().size() + " bindings)");
        } else {
            PrintWriter err = spec.commandLine().getErr();
            problems.forEach(p -> err.println("error: " + p.render()));
            err.println("error: " + problems.size() + (problems.size() == 1 ? " problem" : " problems")
                    + " with " + copiste.connector().describe());
        }
        return problems.isEmpty() ? 0 : ErrorCode.DATABASE_NOT_READY.exitCode();
    }
}
