package io.copiste.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line itself, without a database: help, version, usage errors, and what --verbose adds. */
class CommandLineTest {
    @TempDir
    Path dir;

    @Test
    void helpListsTheCommandsAndTheExitCodes() {
        Cli help = Cli.run("--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("demo", "validate", "check", "plan", "install", "uninstall", "init", "run",
                "status", "dlq", "slony", "Exit codes: 0 ok, 2 usage");
    }

    @Test
    void versionNamesCopisteAndJava() {
        Cli version = Cli.run("--version");
        assertThat(version.exit()).isZero();
        assertThat(version.out()).startsWith("copiste ").contains("Java ");
    }

    @Test
    void aBadCommandLineIsAUsageErrorWithAHint() {
        Cli bad = Cli.run("instal");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("error: ").contains("install");
    }

    @Test
    void stackTracesOnlyWithVerboseAndNotLeakingIntoTheNextRun() throws Exception {
        Path manifest = dir.resolve("copiste.yaml");
        Files.writeString(manifest, "pipeline: p\nbindings:\n  - name: x\n    table: t\n    function: {type: nope}\n");
        Cli plain = Cli.run("validate", "-f", manifest.toString());
        assertThat(plain.exit()).isEqualTo(3);
        assertThat(plain.err()).contains("error: ").contains("unknown function type 'nope'").doesNotContain("\tat ");

        Cli verbose = Cli.run("validate", "--verbose", "-f", manifest.toString());
        assertThat(verbose.exit()).isEqualTo(3);
        assertThat(verbose.err()).contains("\tat io.copiste");

        assertThat(Cli.run("validate", "-f", manifest.toString()).err()).as("the next run is not verbose")
                .doesNotContain("\tat ");
    }
}
