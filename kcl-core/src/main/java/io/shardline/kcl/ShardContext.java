package io.shardline.kcl;

import io.shardline.lease.Lease;
import java.util.Objects;

/**
 * The shard a processor or handler works on, given to {@link ShardRecordProcessorFactory#create(ShardContext)} when
 * the worker takes the shard's lease, so a handler knows its shard without a {@code ThreadLocal}:
 *
 * <pre>{@code
 * RecordHandlers.processorFactory(
 *         shard -> record -> store.save(shard.shardId(), record.partitionKey(), record.dataAsBytes()),
 *         CheckpointStrategy.every(Duration.ofSeconds(5)));
 * }</pre>
 *
 * @param application the application name (the lease table's)
 * @param stream      the stream's name or ARN, as configured
 * @param shardId     the shard (its lease key)
 * @param workerId    this worker
 * @param lease       the lease as this worker took it (owner, counter, checkpoint at that moment; it is not updated)
 */
public record ShardContext(String application, String stream, String shardId, String workerId, Lease lease) {

    /** Rejects null values. */
    public ShardContext {
        Objects.requireNonNull(application, "application");
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(shardId, "shardId");
        Objects.requireNonNull(workerId, "workerId");
        Objects.requireNonNull(lease, "lease");
    }
}
