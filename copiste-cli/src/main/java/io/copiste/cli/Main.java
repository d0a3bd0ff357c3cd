package io.copiste.cli;

import picocli.CommandLine;

import java.io.PrintWriter;

/** The {@code copiste} command's entry point. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs one command line with the given output streams and returns the exit code (tests call this). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = commandLine();
        cli.setOut(out);
        cli.setErr(err);
        return cli.execute(args);
    }

    static CommandLine commandLine() {
        Errors errors = new Errors();
        CommandLine cli = new CommandLine(new CopisteCommand(errors));
        cli.setExecutionExceptionHandler(errors);
        cli.setParameterExceptionHandler(Errors::usage);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setUsageHelpAutoWidth(true);
        return cli;
    }
}
