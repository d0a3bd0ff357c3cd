package io.copiste.bench;

import io.copiste.Copiste;
import io.copiste.engine.RunOptions;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;

/**
 * The child JVM of {@link BigTransaction}: runs {@code copiste run} on the pipeline until the no-op function has
 * seen N changes, then prints one line of figures and exits 0 (non-zero, with the error, on failure — including
 * {@link OutOfMemoryError}).
 *
 * <p>Arguments: host port database rows capture.
 */
public final class BigTransactionChild {
    private BigTransactionChild() {
    }

    public static void main(String[] args) throws Exception {
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        String db = args[2];
        long n = Long.parseLong(args[3]);
        Copiste copiste = Copiste.of(io.copiste.manifest.Manifest.parse(BigTransaction.MANIFEST.formatted(args[4]),
                        "bigtx.yaml"),
                io.copiste.db.Connector.of(host, port, db, "postgres"));
        Probe probe = Probe.named("bigtx").reset(false);
        long t0 = System.nanoTime();
        try (Db.Running r = Db.start(copiste, RunOptions.DEFAULTS)) {
            while (probe.count() < n) {
                if (r.done().isDone()) {
                    r.done().join();
                    throw new IllegalStateException("the engine stopped after " + probe.count() + " changes");
                }
                Thread.sleep(20);
            }
        } catch (Throwable e) {
            System.out.println("error " + e);
            System.out.flush();
            Runtime.getRuntime().halt(1);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        long peakHeap = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peakHeap += pool.getPeakUsage().getUsed();
            }
        }
        System.out.printf(java.util.Locale.ROOT, "delivered %,d changes in %.1f s; peak heap %d MB, peak RSS %s%n",
                probe.count(), seconds, peakHeap / 1024 / 1024, BigTransaction.readRss());
        System.out.flush();
        Runtime.getRuntime().halt(0);
    }
}
