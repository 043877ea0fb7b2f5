/**
 * The counting app: counts records per partition key (clicks per user, words, ...) and exports the counts.
 *
 * <p>Delivery is at least once, as with any Kinesis consumer that is not transactional: each shard's processor
 * adds its counts to the DynamoDB counts table ({@code ADD}) and only then checkpoints, so no record is ever
 * missing from the table, but records processed after the last checkpoint of a worker that dies are counted again by
 * the next owner. Graceful handoffs (rebalancing, shutdown) count nothing twice. For exactly-once results see the
 * windowed aggregation app, which commits its state with the checkpoint.
 */
package io.shardline.samples.counting;
