/**
 * Implementation of the checkpointer: {@link io.shardline.checkpoint.internal.FencedCheckpointer} (one lease, writes
 * through {@code LeaseStore#checkpoint} conditional on the lease token) and its meters. Not API: reached only through
 * {@link io.shardline.checkpoint.Checkpointers}.
 */
package io.shardline.checkpoint.internal;
