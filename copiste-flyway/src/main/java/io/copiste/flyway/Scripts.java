package io.copiste.flyway;

import org.flywaydb.core.api.Location;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.callback.Context;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** The text of the SQL migration about to run, read where Flyway found it (a folder, or the class path). */
final class Scripts {
    private Scripts() {
    }

    /** The script's SQL, or {@code null} for a Java migration or a script that cannot be found again. */
    static String text(Context context) {
        MigrationInfo info = context.getMigrationInfo();
        if (info == null || info.getScript() == null || !info.getScript().toLowerCase(Locale.ROOT).endsWith(".sql")) {
            return null;
        }
        try {
            String physical = info.getPhysicalLocation();
            if (physical != null && !physical.isBlank() && Files.isRegularFile(Path.of(physical))) {
                return Files.readString(Path.of(physical), StandardCharsets.UTF_8);
            }
            ClassLoader loader = context.getConfiguration().getClassLoader();
            for (Location location : context.getConfiguration().getLocations()) {
                String path = location.getPath() + "/" + info.getScript();
                if (location.isFileSystem() && Files.isRegularFile(Path.of(path))) {
                    return Files.readString(Path.of(path), StandardCharsets.UTF_8);
                }
                if (location.isClassPath()) {
                    try (InputStream in = loader.getResourceAsStream(path.startsWith("/") ? path.substring(1) : path)) {
                        if (in != null) {
                            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                        }
                    }
                }
            }
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read migration " + info.getScript(), e);
        }
    }
}
