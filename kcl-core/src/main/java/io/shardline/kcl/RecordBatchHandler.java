package io.shardline.kcl;

import java.util.List;

/**
 * Handles several records of one lane at once: the batch-level alternative to {@link RecordHandler} for
 * {@link RecordHandlers#parallelBatches}. A call gets up to {@link LanesConfig#maxBatchSize()} records of one lane, in
 * shard order (so every partition key's records in their order); calls of different lanes run at the same time,
 * calls of one lane never. Once it returns, every record of the call counts as processed.
 *
 * <p>A handler that knows which records failed throws {@link PartialBatchFailureException}: the records before the
 * lowest failure count as processed, and only the failure and what follows are tried again. Any other exception
 * fails the whole call, which is retried, then bisected, then given up on as the {@link FailurePolicy} says; only this
 * lane waits meanwhile.
 */
@FunctionalInterface
public interface RecordBatchHandler {

    void handle(List<KinesisClientRecord> records);
}
