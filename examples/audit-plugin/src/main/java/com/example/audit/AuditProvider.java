package com.example.audit;

import io.copiste.function.Change;
import io.copiste.function.DeliveredFunction;
import io.copiste.function.Function;
import io.copiste.function.FunctionContext;
import io.copiste.function.FunctionDefinition;
import io.copiste.function.FunctionProvider;
import io.copiste.function.Position;
import io.copiste.manifest.Settings;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * A complete copiste function plugin: {@code type: example.audit} appends one line per change
 * ({@code <change id> <op> <table> <key>}) to a file.
 *
 * <pre>
 * function:
 *   type: example.audit
 *   path: /var/log/audit.log
 * </pre>
 */
public final class AuditProvider implements FunctionProvider {
    @Override
    public String type() {
        return "example.audit";
    }

    @Override
    public String summary() {
        return "append one audit line per change to a file (example plugin)";
    }

    @Override
    public FunctionDefinition define(Settings settings) {
        // read every setting here: unknown keys are reported for you, with a "did you mean" hint
        String path = settings.string("path");
        return new Audit(path);
    }

    /** The validated settings: immutable. {@code open} runs in {@code copiste run}, once per binding. */
    private record Audit(String path) implements DeliveredFunction {
        @Override
        public Function open(FunctionContext context) throws IOException {
            Writer out = Files.newBufferedWriter(Path.of(path), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            return new Function() {
                @Override
                public void apply(List<Change> changes) throws IOException {
                    for (Change c : changes) {
                        String key = c.row() == null ? "-" : c.row().select(context.key()).toString();
                        out.write(c.id() + " " + c.operation().manifestName() + " " + c.table() + " " + key + "\n");
                    }
                }

                @Override
                public void flush(Position reached) throws IOException {
                    out.flush();   // after this, copiste records the position
                }

                @Override
                public void close() throws IOException {
                    out.close();
                }
            };
        }
    }
}
