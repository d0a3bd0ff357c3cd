package io.copiste.slony;

import io.copiste.ErrorCode;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Finds Slony's programs ({@code slon}, {@code slonik}): the {@code PATH}, then PostgreSQL's bin directories. */
final class Binaries {
    private Binaries() {
    }

    static Path find(String program) {
        List<Path> candidates = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                if (!dir.isEmpty()) {
                    candidates.add(Path.of(dir, program));
                }
            }
        }
        for (String dir : List.of("/usr/bin", "/usr/local/bin", "/usr/local/pgsql/bin")) {
            candidates.add(Path.of(dir, program));
        }
        Path postgres = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(postgres)) {
            try (var versions = Files.list(postgres)) {
                versions.sorted(java.util.Comparator.reverseOrder())
                        .forEach(v -> candidates.add(v.resolve("bin").resolve(program)));
            } catch (java.io.IOException ignored) {
                // an unreadable directory holds nothing we can run
            }
        }
        return candidates.stream().filter(Files::isExecutable).findFirst().orElseThrow(() -> new SlonyException(
                ErrorCode.DATABASE_NOT_READY, 0, program + " is not installed (looked in the PATH, /usr/bin and "
                + "/usr/lib/postgresql/*/bin)", "install Slony-I's tools (Debian: slony1-2-bin)"));
    }
}
