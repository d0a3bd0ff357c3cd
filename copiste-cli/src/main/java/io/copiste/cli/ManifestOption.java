package io.copiste.cli;

import io.copiste.Copiste;
import io.copiste.CopisteException;
import io.copiste.ErrorCode;
import io.copiste.db.Connector;
import io.copiste.db.PasswordPrompt;
import io.copiste.function.Functions;
import io.copiste.manifest.Manifest;
import picocli.CommandLine.Option;

import java.io.Console;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** {@code -f/--manifest} and {@code --plugins}: shared by every command that reads a manifest. */
final class ManifestOption {
    @Option(names = {"-f", "--manifest"}, paramLabel = "FILE", defaultValue = "copiste.yaml",
            description = "The manifest (default: ${DEFAULT-VALUE}).")
    Path file;

    @Option(names = "--plugins", paramLabel = "DIR", defaultValue = "${env:COPISTE_PLUGINS:-plugins}",
            description = "A folder of jars with your own function types (default: ${DEFAULT-VALUE}, if it exists).")
    Path plugins;

    Manifest load() {
        return Manifest.load(file, functions(plugins));
    }

    /** The pipeline, connecting with the manifest's source and asking for a password on a terminal. */
    Copiste copiste() {
        Manifest manifest = load();
        return Copiste.of(manifest, new Connector(manifest.source(), terminalPrompt()));
    }

    /** The function types on copiste's class path plus those in the plugins folder's jars. */
    static Functions functions(Path plugins) {
        if (plugins == null || !Files.isDirectory(plugins)) {
            return Functions.builtin();
        }
        List<URL> jars = new ArrayList<>();
        try (Stream<Path> files = Files.list(plugins)) {
            for (Path p : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".jar")).sorted()::iterator) {
                jars.add(p.toUri().toURL());
            }
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new CopisteException(ErrorCode.INVALID_MANIFEST, "cannot read plugins folder " + plugins + ": " + e,
                    "check the folder's permissions");
        }
        ClassLoader loader = new URLClassLoader(jars.toArray(URL[]::new), ManifestOption.class.getClassLoader());
        try {
            return Functions.load(loader);
        } catch (java.util.ServiceConfigurationError | IllegalStateException e) {
            throw new CopisteException(ErrorCode.INVALID_MANIFEST, "a plugin in " + plugins + " cannot be loaded: "
                    + e.getMessage(), "check that the jar was built for Java 17 and lists its provider in"
                    + " META-INF/services/io.copiste.function.FunctionProvider");
        }
    }

    /** Asks on the terminal without echo; no terminal, no prompt. */
    static PasswordPrompt terminalPrompt() {
        Console console = System.console();
        return console == null ? PasswordPrompt.NONE : console::readPassword;
    }
}
