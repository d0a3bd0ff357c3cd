package io.copiste.bench;

import io.copiste.function.Change;
import io.copiste.function.DeliveredFunction;
import io.copiste.function.Function;
import io.copiste.function.FunctionDefinition;
import io.copiste.function.FunctionProvider;
import io.copiste.manifest.Settings;

import java.util.List;

/**
 * {@code bench.noop}: a delivered function that does nothing but count what it receives into a {@link Probe}
 * ({@code probe: name}); with {@code arrivals: true} it also notes when each change arrived, by its {@code id}
 * column, for the latency benchmark. The whole old row is captured, as for {@code jsonl}.
 */
public final class NoopProvider implements FunctionProvider {
    @Override
    public String type() {
        return "bench.noop";
    }

    @Override
    public String summary() {
        return "benchmarks only: count changes and discard them";
    }

    @Override
    public FunctionDefinition define(Settings settings) {
        String probe = settings.string("probe", "default");
        return (DeliveredFunction) context -> new Noop(Probe.named(probe));
    }

    private static final class Noop implements Function {
        private final Probe probe;

        Noop(Probe probe) {
            this.probe = probe;
        }

        @Override
        public void apply(List<Change> changes) {
            if (probe.recordsArrivals()) {
                long now = System.nanoTime();
                for (Change c : changes) {
                    if (c.row() != null && c.row().has("id")) {
                        probe.arrived(Long.parseLong(c.row().text("id")), now);
                    }
                }
            }
            probe.saw(changes.size());
        }
    }
}
