package io.shardline.kcl.internal.deadletter;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.shardline.kcl.ConsumerConfig;
import io.shardline.kcl.KinesisClientRecord;
import io.shardline.kcl.SchedulerMetrics;
import io.shardline.kcl.deadletter.DeadLetterEntry;
import io.shardline.kcl.deadletter.DeadLetterSink;
import io.shardline.kcl.internal.retrieval.DroppedRecords;
import io.shardline.kcl.retrieval.StreamShard;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores the user records that de-aggregation dropped outside their shard's range
 * ({@code OutsideRangeUserRecords.DROP}) in the consumer's dead-letter sink, reason
 * {@link DeadLetterEntry.Reason#OUTSIDE_SHARD_HASH_RANGE}, counted on {@code shardline.records.dead.lettered} with that
 * reason. Runs on the fetch thread; a sink failure is WARNed with
 * the record's key and counted on {@code shardline.kpl.dead-letter-failed}, never thrown (the record was a KPL
 * duplicate the operator chose to drop). Thread-safe when the sink is.
 */
public final class OutsideRangeDeadLetters implements DroppedRecords {

    private static final Logger LOG = LoggerFactory.getLogger(OutsideRangeDeadLetters.class);

    private final DeadLetterSink sink;
    private final String application;
    private final String workerId;
    private final Clock clock;
    private final Counter failed;
    private final Counter stored;

    public OutsideRangeDeadLetters(DeadLetterSink sink, String application, String workerId, Clock clock,
            MeterRegistry registry) {
        this.sink = Objects.requireNonNull(sink, "sink");
        this.application = Objects.requireNonNull(application, "application");
        this.workerId = Objects.requireNonNull(workerId, "workerId");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.failed = Counter.builder("shardline.kpl.dead-letter-failed")
                .description("User records dropped outside their shard's range that the dead-letter sink refused")
                .register(registry);
        this.stored = Counter.builder(SchedulerMetrics.DEAD_LETTERED)
                .tags(SchedulerMetrics.APPLICATION_TAG, application, SchedulerMetrics.WORKER_TAG, workerId)
                .tag(SchedulerMetrics.REASON_TAG, DeadLetterEntry.Reason.OUTSIDE_SHARD_HASH_RANGE.name()
                        .toLowerCase(Locale.ROOT))
                .description("records stored in the dead-letter sink").register(registry);
    }

    /** Where {@code config}'s consumer puts dropped records: its dead-letter sink, or nowhere when none is set. */
    public static DroppedRecords of(ConsumerConfig config) {
        DeadLetterSink sink = config.failurePolicy().deadLetterSink();
        return sink == null ? DroppedRecords.NONE : new OutsideRangeDeadLetters(sink, config.applicationName(),
                config.leaseCoordinatorConfig().workerId(), Clock.systemUTC(), config.meterRegistry());
    }

    @Override
    public void dropped(StreamShard shard, List<KinesisClientRecord> records) {
        for (KinesisClientRecord record : records) {
            DeadLetterEntry entry = DeadLetterEntry.of(application, shard.stream(), shard.shardId(), record,
                    clock.instant(), DeadLetterEntry.Reason.OUTSIDE_SHARD_HASH_RANGE, null, 0, workerId);
            try {
                sink.send(entry);
                stored.increment();
            } catch (RuntimeException e) {
                failed.increment();
                LOG.warn("Shard {}: the dead-letter sink did not store dropped out-of-range user record {}: {}",
                        shard, entry.recordKey(), e.toString());
            }
        }
    }
}
