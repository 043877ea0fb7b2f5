package io.shardline.kcl;

/**
 * The names and tags of the meters a {@link Scheduler} registers in {@link ConsumerConfig#meterRegistry()}. Every meter
 * carries the tags {@value #APPLICATION_TAG} (the application name) and {@value #WORKER_TAG} (the worker id), so several
 * schedulers can share one registry; per-shard meters also carry {@value #SHARD_TAG}. The same registry gets the lease
 * coordinator's meters ({@code shardline.leases.owned}, {@code shardline.lease.*}: acquisitions, losses, takeovers,
 * handoffs; {@code shardline.coordinator.*}: rounds, storage errors, self-fences, leadership; see
 * {@link io.shardline.lease.LeaseCoordinatorMetrics}), the checkpointer's ({@code shardline.checkpoint.*}: latency,
 * failures, fenced writes; see {@link io.shardline.checkpoint.Checkpointers}) and the record fetchers'
 * ({@code shardline.fetch.*}, {@code shardline.kpl.*}). All of them are removed when the scheduler stops.
 *
 * <ul>
 *   <li>{@value #RECORDS_PROCESSED} (counter): user records handed to {@code processRecords} that it returned from
 *       normally;</li>
 *   <li>{@value #BYTES_PROCESSED} (counter): their payload bytes;</li>
 *   <li>{@value #MILLIS_BEHIND_LATEST} (gauge, per shard): how far the last fetch of the shard was behind its tip
 *       (Kinesis {@code MillisBehindLatest}; -1 until known). Removed when the shard's consumer stops;</li>
 *   <li>{@value #LEASES_OWNED} (gauge, from the coordinator's binder): leases this worker holds, finished
 *       ({@code SHARD_END}) ones included;</li>
 *   <li>{@value #PROCESSOR_ERRORS} (counter, tag {@value #CALLBACK_TAG}: {@code create}, {@code initialize},
 *       {@code processRecords}, {@code shardEnded}, {@code shutdownRequested}, {@code leaseLost}): exceptions thrown
 *       by the application's processor;</li>
 *   <li>{@value #CONSUMERS} (gauge, tag {@value #STATE_TAG}): shard consumers per lifecycle state.</li>
 * </ul>
 */
public final class SchedulerMetrics {

    public static final String RECORDS_PROCESSED = "shardline.records.processed";
    public static final String BYTES_PROCESSED = "shardline.bytes.processed";
    public static final String MILLIS_BEHIND_LATEST = "shardline.millis.behind.latest";
    public static final String LEASES_OWNED = "shardline.leases.owned";
    public static final String PROCESSOR_ERRORS = "shardline.processor.errors";
    public static final String CONSUMERS = "shardline.consumers";

    public static final String APPLICATION_TAG = "application";
    public static final String WORKER_TAG = "worker";
    public static final String SHARD_TAG = "shard";
    public static final String CALLBACK_TAG = "callback";
    public static final String STATE_TAG = "state";

    private SchedulerMetrics() {
    }
}
