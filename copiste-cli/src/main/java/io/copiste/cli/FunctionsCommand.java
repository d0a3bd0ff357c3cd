package io.copiste.cli;

import io.copiste.function.FunctionProvider;
import io.copiste.function.Functions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;

@Command(name = "functions", header = "List the function types a manifest can use.",
        description = "Every function found on the class path, with what it does. See docs/functions.md for settings.")
final class FunctionsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        var all = Functions.builtin().all();
        int width = all.keySet().stream().mapToInt(String::length).max().orElse(0);
        for (FunctionProvider p : all.values()) {
            out.printf("  %-" + width + "s  %s%n", p.type(), p.summary());
        }
    }
}
