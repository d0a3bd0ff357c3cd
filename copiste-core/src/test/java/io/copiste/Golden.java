package io.copiste;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Golden-file assertions: the rendered text must equal {@code src/test/resources/golden/NAME}. Run the tests with
 * {@code -Dcopiste.golden.update=true} to rewrite the files after an intended change, then review the diff.
 */
public final class Golden {
    private static final Path DIR = Path.of("src/test/resources/golden");

    private Golden() {
    }

    public static void assertMatches(String name, String actual) {
        Path file = DIR.resolve(name);
        try {
            if (Boolean.getBoolean("copiste.golden.update") || !Files.exists(file)) {
                Files.createDirectories(file.getParent());
                Files.writeString(file, actual);
            }
            assertThat(actual).as("rendering differs from golden file %s (rerun with -Dcopiste.golden.update=true"
                    + " if the change is intended)", file).isEqualTo(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
