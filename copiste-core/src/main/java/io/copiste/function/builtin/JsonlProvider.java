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

import java.io.ByteArrayOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
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
                return new Jsonl(System.out, null, context.key(), false);
            }
            Path file = Path.of(path);
            FileOutputStream out = new FileOutputStream(file.toFile(), true);
            if (endsMidLine(file)) {
                out.write('\n');   // a crash cut the last line short: keep it apart from what follows
            }
            return new Jsonl(out, out.getChannel(), context.key(), fsync);
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

    /**
     * Lines are written whole, in one {@code write} each batch of them, so several writers appending to one file
     * (bindings sharing a file, init's parallel workers) never interleave inside a line.
     */
    private static final class Jsonl implements Function {
        private static final int CHUNK = 1 << 20;

        private final OutputStream out;
        private final FileChannel channel;
        private final List<String> key;
        private final boolean fsync;
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(CHUNK);

        Jsonl(OutputStream out, FileChannel channel, List<String> key, boolean fsync) {
            this.out = out;
            this.channel = channel;
            this.key = key;
            this.fsync = fsync;
        }

        @Override
        public void apply(List<Change> changes) throws IOException {
            for (Change c : changes) {
                buffer.write(Json.MAPPER.writeValueAsBytes(ChangeJson.of(c, key)));
                buffer.write('\n');
                if (buffer.size() >= CHUNK) {
                    drain();
                }
            }
        }

        private void drain() throws IOException {
            if (buffer.size() > 0) {
                synchronized (out) {
                    buffer.writeTo(out);
                    out.flush();
                }
                buffer.reset();
            }
        }

        @Override
        public void flush(Position reached) throws IOException {
            drain();
            if (fsync) {
                channel.force(false);
            }
        }

        @Override
        public void close() throws IOException {
            drain();
            if (channel != null) {
                out.close();
            }
        }
    }
}
