package io.copiste.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The benchmark's sizes and choices, from {@code --name=value} arguments; every size has a default that matches
 * the issues' figures. Immutable.
 */
final class Options {
    static final Map<String, String> DEFAULTS = defaults();

    private final Map<String, String> values;

    private Options(Map<String, String> values) {
        this.values = values;
    }

    private static Map<String, String> defaults() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("only", "capture,drain,latency,bigtx,catchup,pgbench-live,init,ldap,slony");
        d.put("scale", "10");                  // pgbench scale factor (capture overhead, live replication)
        d.put("clients", "4");                 // pgbench clients
        d.put("rounds", "3");                  // A/B rounds of the capture overhead and of the catch-up
        d.put("seconds", "20");                // pgbench seconds per capture-overhead run
        d.put("events", "1000000");            // drain: queued events
        d.put("latency-rate", "200");          // latency: transactions per second
        d.put("latency-seconds", "30");        // latency: measured seconds (after 3 s of warm-up)
        d.put("bigtx-rows", "1000000");        // rows of the single big transaction
        d.put("bigtx-heap", "256m");           // the daemon's -Xmx for it
        d.put("load-rows", "1000000");         // jdbc.table catch-up: rows loaded
        d.put("load-batch", "1000");           // … per transaction
        d.put("live-seconds", "60");           // pgbench with live replication (copiste, logical replication, Slony)
        d.put("init-rows", "10000000");        // init vs COPY | COPY
        d.put("ldap-rows", "20000");           // ldap.entry into slapd: people initialised
        d.put("ldap-live-rows", "10000");      // … then inserted while the daemon runs
        d.put("out", "docs/benchmarks.md");
        return d;
    }

    static Options parse(String... args) {
        Map<String, String> v = new LinkedHashMap<>(DEFAULTS);
        for (String a : args) {
            if (a.equals("--small")) {
                v.putAll(Map.of("scale", "2", "rounds", "2", "seconds", "5", "events", "20000",
                        "latency-seconds", "5", "bigtx-rows", "50000", "load-rows", "20000", "live-seconds", "10",
                        "init-rows", "100000"));
                v.putAll(Map.of("ldap-rows", "2000", "ldap-live-rows", "1000"));
                continue;
            }
            if (!a.startsWith("--") || !a.contains("=")) {
                throw new IllegalArgumentException("expected --name=value or --small, got '" + a + "'");
            }
            String name = a.substring(2, a.indexOf('='));
            if (!DEFAULTS.containsKey(name)) {
                throw new IllegalArgumentException("unknown option --" + name + "; known: " + DEFAULTS.keySet());
            }
            v.put(name, a.substring(a.indexOf('=') + 1));
        }
        return new Options(v);
    }

    String string(String name) {
        return values.get(name);
    }

    int integer(String name) {
        return Integer.parseInt(values.get(name).replace("_", "").replace(",", ""));
    }

    Set<String> only() {
        return Set.copyOf(List.of(values.get("only").split(",")));
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
