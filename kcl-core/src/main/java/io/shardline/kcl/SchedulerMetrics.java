package io.shardline.kcl;

/**
 * The names and tags of the meters a {@link Scheduler} registers in {@link ConsumerConfig#meterRegistry()}. Every meter
 * carries the tags {@value #APPLICATION_TAG} (the application name) and {@value #WORKER_TAG} (the worker id), so several
 * schedulers can share one registry; per-shard meters also carry {@value #SHARD_TAG}. The same registry gets the lease
 * coordinator's meters ({@code shardline.leases.owned}, {@code shardline.lease.*}: acquisitions, losses, takeovers,
 * handoffs; {@code shardline.coordinator.*}: rounds, storage errors, self-fences, leadership; see
 * {@link io.shardline.lease.LeaseCoordinatorMetrics}), the checkpointer's ({@code shardline.checkpoint.*}: latency,
 * failures, fenced writes; see {@link io.shardline.checkpoint.Checkpointers}) and the record fetchers'
 * ({@code shardline.fetch.*}, {@code shardline.kpl.*}). The consumer and coordinator meters are removed when the
 * scheduler stops; the fetch meters (tag {@code stream}) and the checkpoint meters are shared by the schedulers of a
 * registry and stay.
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
 *   <li>{@value #CONSUMERS} (gauge, tag {@value #STATE_TAG}): shard consumers per lifecycle state;</li>
 *   <li>{@value #DEAD_LETTERED} (counter, tag {@value #REASON_TAG}: {@code processing_failed},
 *       {@code max_age_exceeded}, {@code outside_shard_hash_range}): records stored in the {@link FailurePolicy#deadLetterSink()};</li>
 *   <li>{@value #DEAD_LETTER_FAILURES} (counter): dead-letter writes that failed (retried, or the shard stopped when
 *       the failure was fatal);</li>
 *   <li>{@value #SHARDS_STOPPED} (gauge): shards this worker stopped under {@link FailurePolicy.OnExhausted#STOP_SHARD}
 *       (or because the dead-letter sink failed fatally) and still holds.</li>
 * </ul>
 * The complete list of Shardline's meters, with the tags of each, is in {@code docs/metrics.md}.
 */
public final class SchedulerMetrics {

    public static final String RECORDS_PROCESSED = "shardline.records.processed";
    public static final String BYTES_PROCESSED = "shardline.bytes.processed";
    public static final String MILLIS_BEHIND_LATEST = "shardline.millis.behind.latest";
    public static final String LEASES_OWNED = "shardline.leases.owned";
    public static final String PROCESSOR_ERRORS = "shardline.processor.errors";
    public static final String CONSUMERS = "shardline.consumers";
    public static final String DEAD_LETTERED = "shardline.records.dead.lettered";
    public static final String DEAD_LETTER_FAILURES = "shardline.dead.letter.failures";
    public static final String SHARDS_STOPPED = "shardline.shards.stopped";

    public static final String APPLICATION_TAG = "application";
    public static final String WORKER_TAG = "worker";
    public static final String SHARD_TAG = "shard";
    public static final String CALLBACK_TAG = "callback";
    public static final String STATE_TAG = "state";
    public static final String REASON_TAG = "reason";

    private SchedulerMetrics() {
    }
}
