package io.shardline.kcl;

/**
 * Handles one record: the simple alternative to writing a {@link ShardRecordProcessor}. Wrap a supplier of handlers
 * with {@link RecordHandlers#processorFactory} and the library checkpoints for you, as a
 * {@link io.shardline.checkpoint.CheckpointStrategy} says, and always before a graceful handoff and at the end of a
 * shard.
 *
 * <p>Each shard gets its own handler from the supplier; its calls come one at a time, in shard order, on the shard's
 * processing thread (see {@link ShardRecordProcessor} for the threading rules). A handler that throws is called again
 * with the same record after a backoff; records it already handled in that batch are not repeated. After
 * {@link FailurePolicy#maxAttempts()} failures on one record, that record is dead-lettered or stops the shard, as the
 * application's {@link FailurePolicy} says. Once it returns, the record counts as processed.
 *
 * <p>A handler that needs its shard (id, stream, lease) gets it when it is made:
 * {@code RecordHandlers.processorFactory(shard -> record -> ..., strategy)} passes a {@link ShardContext}.
 */
@FunctionalInterface
public interface RecordHandler {

    /**
     * Handles one record.
     *
     * @param record the record, in shard order
     */
    void handle(KinesisClientRecord record);
}
