package io.copiste.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.copiste.ErrorCode;
import io.copiste.manifest.Binding;
import io.copiste.manifest.Manifest;
import io.copiste.manifest.ManifestException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

@Command(mixinStandardHelpOptions = true, name = "validate", sortOptions = false,
        header = "Check a manifest offline and report every problem at once.",
        description = "Reads the manifest and checks its keys, types, names, function settings and 'when' conditions, without connecting anywhere. Each problem is reported as file:line:column with a hint. Use 'copiste check' to also verify the database.")
final class ValidateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ManifestOption manifest;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Manifest m;
        try {
            m = manifest.load();
        } catch (ManifestException e) {
            if (!json) {
                throw e;
            }
            ObjectNode root = Render.JSON.createObjectNode();
            root.put("valid", false);
            root.set("problems", Render.problemsJson(e.problems()));
            Render.json(out, root);
            return ErrorCode.INVALID_MANIFEST.exitCode();
        }
        if (json) {
            ObjectNode root = Render.JSON.createObjectNode();
            root.put("valid", true);
            root.put("pipeline", m.pipeline());
            var bindings = root.putArray("bindings");
            for (Binding b : m.bindings()) {
                bindings.addObject().put("name", b.name()).put("table", b.table().toString())
                        .put("function", b.function().type());
            }
            Render.json(out, root);
        } else {
            out.println(manifest.file + " is valid: pipeline '" + m.pipeline() + "', " + m.bindings().size()
                    + (m.bindings().size() == 1 ? " binding" : " bindings"));
        }
        return 0;
    }
}
