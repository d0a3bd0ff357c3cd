package io.copiste.function.builtin;

import io.copiste.function.Change;
import io.copiste.function.ChangeJson;
import io.copiste.function.DeliveredFunction;
import io.copiste.function.Function;
import io.copiste.function.FunctionContext;
import io.copiste.function.FunctionDefinition;
import io.copiste.function.FunctionProvider;
import io.copiste.function.Json;
import io.copiste.function.Position;
import io.copiste.manifest.Settings;

import java.io.BufferedWriter;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code jsonl}: one JSON line per change, to standard output or appended to a file, flushed after every
 * sub-batch — so copiste can feed any pipeline of tools.
 *
 * <pre>
 * function:
 *   type: jsonl
 *   path: /var/log/copiste/people.jsonl   # default: standard output ("-")
 *   fsync: true                           # also fsync the file at each flush (default false)
 * </pre>
 *
 * <p>Delivery is at least once: after a crash a line may appear twice (consumers deduplicate by {@code id}), and
 * a line the crash cut short stands alone on its line, followed by the complete one.
 */
public final class JsonlProvider implements FunctionProvider {
    @Override
    public String type() {
        return "jsonl";
    }

    @Override
    public String summary() {
        return "write one JSON line per change to standard output or a file (delivered after commit)";
    }

    @Override
    public FunctionDefinition define(Settings settings) {
        String path = settings.string("path", "-");
        boolean fsync = settings.bool("fsync", false);
        if (fsync && path.equals("-")) {
            settings.problem("fsync", "'fsync' needs a 'path': standard output cannot be synced", null);
        }
        return new Definition(path, fsync);
    }

    private record Definition(String path, boolean fsync) implements DeliveredFunction {
        @Override
        public Function open(FunctionContext context) throws IOException {
            if (path.equals("-")) {
                return new Jsonl(new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8)), null,
                        context.key(), false);
            }
            Path file = Path.of(path);
            FileOutputStream out = new FileOutputStream(file.toFile(), true);
            if (endsMidLine(file)) {
                out.write('\n');   // a crash cut the last line short: keep it apart from what follows
            }
            return new Jsonl(new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16),
                    out.getChannel(), context.key(), fsync);
        }
    }

    private static boolean endsMidLine(Path file) throws IOException {
        try (var raf = new java.io.RandomAccessFile(file.toFile(), "r")) {
            if (raf.length() == 0) {
                return false;
            }
            raf.seek(raf.length() - 1);
            return raf.read() != '\n';
        }
    }

    private static final class Jsonl implements Function {
        private final Writer writer;
        private final FileChannel channel;
        private final List<String> key;
        private final boolean fsync;

        Jsonl(Writer writer, FileChannel channel, List<String> key, boolean fsync) {
            this.writer = writer;
            this.channel = channel;
            this.key = key;
            this.fsync = fsync;
        }

        @Override
        public void apply(List<Change> changes) throws IOException {
            for (Change c : changes) {
                writer.write(Json.MAPPER.writeValueAsString(ChangeJson.of(c, key)));
                writer.write('\n');
            }
        }

        @Override
        public void flush(Position reached) throws IOException {
            writer.flush();
            if (fsync) {
                channel.force(false);
            }
        }

        @Override
        public void close() throws IOException {
            if (channel != null) {
                writer.close();
            } else {
                writer.flush();
            }
        }
    }
}
