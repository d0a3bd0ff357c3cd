/** Benchmarks of copiste against its peers; run by {@code copiste-bench/run}, never as timed tests. */
package io.copiste.bench;
