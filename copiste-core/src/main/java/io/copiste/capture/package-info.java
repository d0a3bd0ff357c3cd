/**
 * Change capture: the per-pipeline queue, the triggers that write committed changes into it inside the user's
 * transaction, and reading batches back out between transaction snapshots.
 */
package io.copiste.capture;
