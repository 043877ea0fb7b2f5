/**
 * The sample producer: puts {@link io.shardline.samples.common.SamplePayload}s at a steady rate under Zipf-skewed
 * partition keys (a few hot users, a long tail), each key with its own sequence number, optionally packed into KPL
 * aggregated records. It logs every record Kinesis acknowledged, in acknowledgement order, which is the order the
 * records have in their shard: the demo's verifier compares what the consumers processed with that log.
 */
package io.shardline.samples.producer;
