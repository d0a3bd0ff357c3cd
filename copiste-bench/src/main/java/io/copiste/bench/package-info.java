/**
 * copiste's benchmarks against its peers (pgbench without capture, Debezium's embedded engine, PostgreSQL's
 * logical replication, a {@code COPY | COPY} pipe), run by {@code copiste-bench/run} and written as a markdown
 * table to {@code docs/benchmarks.md}. Never run as tests: {@code mvn verify} only compiles this module and runs its
 * fast unit tests.
 */
package io.copiste.bench;
