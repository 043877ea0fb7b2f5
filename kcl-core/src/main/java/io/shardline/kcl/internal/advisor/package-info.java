/** The reshard advisor's implementation: the pure classifier, the load collector, meters and the guarded applier. */
package io.shardline.kcl.internal.advisor;
