/**
 * The windowed aggregation app: tumbling windows per partition key (count, sum, min and max of a numeric field of
 * the JSON payload, by event time), with results that are exactly once across failover.
 *
 * <p>How: each shard's open windows are the processor's state, committed in the same conditional write as the
 * checkpoint ({@code checkpoint(position, stateBytes)}) and handed to the next owner in {@code initialize}. A window
 * closes when the shard's event time passes its end plus the allowed lateness; closed windows go into an outbox that
 * is part of the state, so the decision "this window is final, with these values" is committed with the checkpoint
 * before the result is written. The result is then written to DynamoDB with an idempotent conditional put
 * ({@code attribute_not_exists}), and a worker that takes over re-writes its restored outbox the same way. A crash at
 * any point therefore neither loses a window nor counts a record twice in one.
 *
 * <p>Results are keyed by window ({@code <key>|<windowStartMillis>}) and shard: a window that was open when its key's
 * shard was split or merged has one row per shard that contributed (the parent flushes its open windows at the shard
 * end); a query on the window key adds them up.
 */
package io.shardline.samples.windowing;
