/**
 * The reshard advisor: classifies every open shard of a stream from what the consumer observes (ingest against the
 * shard write limits, processing rate, lag trend, read throttles, the hash keys it sees) and says what would help:
 * a split at the hash key that halves the observed load, a merge of cold adjacent shards, an
 * {@code UpdateShardCount} when the load is uniform, or no reshard at all when the consumer is the bottleneck.
 * {@link io.shardline.kcl.advisor.ReshardAdvisor#classify} is the pure core; {@link
 * io.shardline.kcl.advisor.ReshardAdvisor#create} the collector, meters and optional auto-apply around it.
 */
package io.shardline.kcl.advisor;
