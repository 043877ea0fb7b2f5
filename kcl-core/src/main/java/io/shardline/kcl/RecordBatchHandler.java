package io.shardline.kcl;

import java.util.List;

/**
 * Handles several records of one lane at once: the batch-level alternative to {@link RecordHandler} for
 * {@link RecordHandlers#parallelBatches}. A call gets up to {@link LanesConfig#maxBatchSize()} waiting records of one
 * partition key, in shard order; calls for different keys run at the same time (up to {@link LanesConfig#lanes()}),
 * calls for one key never. Once it returns, every record of the call counts as processed.
 *
 * <p>A handler that knows which records failed throws {@link PartialBatchFailureException}: the records before the
 * lowest failure count as processed, and only the failure and what follows are tried again. Any other exception
 * fails the whole call, which is retried, then bisected, then given up on as the {@link FailurePolicy} says; only this
 * key waits meanwhile.
 */
@FunctionalInterface
public interface RecordBatchHandler {

    void handle(List<KinesisClientRecord> records);
}
