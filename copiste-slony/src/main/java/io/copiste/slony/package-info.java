/**
 * The Slony-I cluster API: {@link io.copiste.slony.SlonyCluster} runs every slonik command as a Java call against
 * real nodes (event-generating stored functions, slonik's locks and waiting rules, one transaction per step, rolled
 * back on failure), records the commands ({@link io.copiste.slony.Command}) and renders them as a slonik script
 * ({@link io.copiste.slony.SlonikScript}) for a dry run; {@link io.copiste.slony.ClusterState} reads a cluster back;
 * {@link io.copiste.slony.Slon} starts and stops {@code slon} daemons for local nodes. See docs/slony.md.
 */
package io.copiste.slony;
