/**
 * Slony-I as desired state: a {@link io.copiste.slony.topology.Topology} (read from YAML with every problem located,
 * or built in Java) says what the cluster should be; {@link io.copiste.slony.topology.TopologyDriver} reads the live
 * cluster, plans the steps there ({@link io.copiste.slony.topology.TopologyPlan}, also a slonik script) and applies
 * them; {@link io.copiste.slony.topology.MigrationHook} adds the tables a schema migration created to replication, and
 * takes a table out of its set before a migration drops it. See docs/topology.md.
 */
package io.copiste.slony.topology;
