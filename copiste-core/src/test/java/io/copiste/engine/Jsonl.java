package io.copiste.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.copiste.function.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads what a {@code jsonl} function wrote. */
final class Jsonl {
    private Jsonl() {
    }

    static List<JsonNode> read(Path file) {
        try {
            if (!Files.exists(file)) {
                return List.of();
            }
            List<JsonNode> out = new ArrayList<>();
            for (String line : Files.readAllLines(file)) {
                if (!line.isBlank()) {
                    out.add(Json.parse(line));
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (UncheckedIOException e) {
            return List.of(); // a line being written
        }
    }
}
