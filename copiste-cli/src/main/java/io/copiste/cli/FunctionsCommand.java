package io.copiste.cli;

import io.copiste.function.FunctionProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;

@Command(mixinStandardHelpOptions = true, name = "functions", header = "List the function types a manifest can use.",
        description = "Every function found on the class path, with what it does. See docs/functions.md for settings.")
final class FunctionsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @picocli.CommandLine.Option(names = "--plugins", paramLabel = "DIR", defaultValue = "${env:COPISTE_PLUGINS:-plugins}",
            description = "A folder of jars with your own function types (default: ${DEFAULT-VALUE}).")
    java.nio.file.Path plugins;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        var all = ManifestOption.functions(plugins).all();
        int width = all.keySet().stream().mapToInt(String::length).max().orElse(0);
        for (FunctionProvider p : all.values()) {
            out.printf("  %-" + width + "s  %s%n", p.type(), p.summary());
        }
    }
}
