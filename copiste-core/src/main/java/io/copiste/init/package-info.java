/**
 * {@code copiste init}: replaying the rows that existed before install as snapshot changes, in parallel chunks on
 * one exported snapshot, resumable, and handed over to the live stream at exactly that snapshot.
 */
package io.copiste.init;
