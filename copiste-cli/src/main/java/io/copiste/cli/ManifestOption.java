package io.copiste.cli;

import io.copiste.Copiste;
import io.copiste.db.Connector;
import io.copiste.db.PasswordPrompt;
import io.copiste.manifest.Manifest;
import picocli.CommandLine.Option;

import java.io.Console;
import java.nio.file.Path;

/** {@code -f/--manifest}: shared by every command that reads a manifest. */
final class ManifestOption {
    @Option(names = {"-f", "--manifest"}, paramLabel = "FILE", defaultValue = "copiste.yaml",
            description = "The manifest (default: ${DEFAULT-VALUE}).")
    Path file;

    Manifest load() {
        return Manifest.load(file);
    }

    /** The pipeline, connecting with the manifest's source and asking for a password on a terminal. */
    Copiste copiste() {
        Manifest manifest = load();
        return Copiste.of(manifest, new Connector(manifest.source(), terminalPrompt()));
    }

    /** Asks on the terminal without echo; no terminal, no prompt. */
    static PasswordPrompt terminalPrompt() {
        Console console = System.console();
        return console == null ? PasswordPrompt.NONE : console::readPassword;
    }
}
