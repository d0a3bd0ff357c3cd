package io.copiste.cli;

import io.copiste.CopisteException;
import io.copiste.ErrorCode;
import io.copiste.install.DatabaseCheckException;
import io.copiste.manifest.ManifestException;
import io.copiste.manifest.Problem;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

import java.io.PrintWriter;
import java.util.List;

/**
 * Turns failures into {@code error: …} and {@code hint: …} lines and an exit code per {@link ErrorCode}. Stack
 * traces only with {@code --verbose}.
 */
final class Errors implements IExecutionExceptionHandler {
    /** Set by {@code --verbose} on this command line (one per run: no state leaks from one run to the next). */
    boolean verbose;

    @Override
    public int handleExecutionException(Exception e, CommandLine cli, ParseResult parseResult) {
        PrintWriter err = cli.getErr();
        if (e instanceof CopisteException ce) {
            List<Problem> problems = e instanceof ManifestException me ? me.problems()
                    : e instanceof DatabaseCheckException de ? de.problems() : List.of();
            if (problems.size() > 1) {
                problems.forEach(p -> err.println("error: " + p.render()));
                err.println("error: " + ce.getMessage());
            } else if (problems.size() == 1) {
                err.println("error: " + problems.get(0).render());
            } else {
                err.println("error: " + ce.getMessage());
                if (ce.hint() != null) {
                    err.println("hint: " + ce.hint());
                }
            }
            if (verbose) {
                e.printStackTrace(err);
            }
            err.flush();
            return ce.code().exitCode();
        }
        err.println("error: internal error: " + e);
        err.println("hint: this is a bug in copiste; run again with --verbose and report the stack trace");
        if (verbose) {
            e.printStackTrace(err);
        }
        err.flush();
        return ErrorCode.INTERNAL.exitCode();
    }

    /** A bad command line: the message, then how to get help. */
    static int usage(ParameterException e, String[] args) {
        CommandLine cli = e.getCommandLine();
        PrintWriter err = cli.getErr();
        err.println("error: " + e.getMessage());
        String name = cli.getCommandSpec().qualifiedName();
        List<String> suggestions = e instanceof picocli.CommandLine.UnmatchedArgumentException u
                ? u.getSuggestions() : List.of();
        err.println("hint: " + (suggestions.isEmpty() ? "" : "did you mean '" + String.join("' or '", suggestions)
                + "'? ") + "see '" + name + " --help'");
        err.flush();
        return ErrorCode.USAGE.exitCode();
    }
}
