package io.shardline.kcl.internal.scheduler;

import io.shardline.checkpoint.CheckpointerFactory;
import io.shardline.checkpoint.Checkpointers;
import io.shardline.kcl.ConsumerConfig;
import io.shardline.kcl.StreamConfig;
import io.shardline.kcl.StreamIdentifier;
import io.shardline.kcl.internal.consumer.ConsumerContext;
import io.shardline.kcl.internal.consumer.ConsumerMetrics;
import io.shardline.kcl.internal.consumer.EmptyBatchProcessors;
import io.shardline.kcl.internal.consumer.LeaseCallbacks;
import io.shardline.kcl.internal.consumer.ShardConsumer;
import io.shardline.kcl.internal.multistream.StreamFetchers;
import io.shardline.kcl.internal.multistream.TrackedStreams;
import io.shardline.kcl.retrieval.RecordFetcherFactory;
import io.shardline.lease.Lease;
import io.shardline.lease.LeaseStore;
import io.shardline.lease.Time;
import java.util.Optional;

/**
 * Makes the shard consumers of one worker ({@link ConsumerRegistry}'s factory): one {@link ConsumerContext} that every
 * consumer shares (the application's processors, fenced checkpointers over the lease table, the fetchers, the
 * processing pool and timer, the meters, the way back to the coordinator) and, in a multi-stream application, the
 * lease's stream: its name, initial position and keyed fetchers.
 */
final class ConsumerFactory {

    private final ConsumerContext base;
    /** Multi-stream only (else null). */
    private final TrackedStreams tracked;
    private final RecordFetcherFactory streamFetchers;

    /**
     * @param leaseStore the lease table as the consumers see it (multi-stream: in key space)
     * @param tracked    the tracked streams, or {@code null} for one stream
     */
    ConsumerFactory(ConsumerConfig config, String workerId, RecordFetcherFactory fetchers, LeaseStore leaseStore,
            TrackedStreams tracked, SchedulerThreads threads, ConsumerMetrics metrics, LeaseCallbacks callbacks,
            ConsumerContext.Timings timings, Time time) {
        this.tracked = tracked;
        this.streamFetchers = new StreamFetchers(fetchers);
        CheckpointerFactory checkpointers = Checkpointers.fenced(leaseStore,
                config.checkpointerConfig(), config.meterRegistry());
        this.base = new ConsumerContext(workerId,
                config.isMultiStream() ? "multi-stream" : config.stream(), config.initialPosition(),
                EmptyBatchProcessors.of(config.processorFactory(), config.callProcessRecordsEvenForEmptyRecordList()),
                fetchers, checkpointers, leaseStore, threads.processingPool(), threads.timer(), metrics, callbacks,
                timings, config.applicationName(), config.failurePolicy(), time);
    }

    /** A new consumer of {@code lease} (not started). */
    ShardConsumer create(Lease lease) {
        return new ShardConsumer(contextOf(lease), lease);
    }

    /** A multi-stream lease's consumers get their stream's name, initial position and keyed fetchers. */
    private ConsumerContext contextOf(Lease lease) {
        Optional<StreamIdentifier> stream = StreamIdentifier.ofLeaseKey(lease.leaseKey());
        if (tracked == null || stream.isEmpty()) {
            return base;
        }
        StreamIdentifier id = stream.get();
        String name = tracked.config(id).map(StreamConfig::stream).filter(s -> s.startsWith("arn:"))
                .orElse(id.streamName());
        return base.forStream(name, tracked.initialPosition(id), streamFetchers);
    }
}
