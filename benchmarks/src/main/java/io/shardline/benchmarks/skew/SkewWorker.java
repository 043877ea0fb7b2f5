package io.shardline.benchmarks.skew;

import io.shardline.benchmarks.harness.LocalAwsConsumers;
import io.shardline.checkpoint.CheckpointStrategy;
import io.shardline.kcl.KinesisClientRecord;
import io.shardline.kcl.RecordHandler;
import io.shardline.kcl.RecordHandlers;
import io.shardline.kcl.Scheduler;
import io.shardline.kcl.retrieval.RetrievalConfig;
import io.shardline.lease.AssignmentStrategy;
import io.shardline.lease.LeaseCoordinatorConfig;
import io.shardline.testing.LocalAws;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One in-process Shardline worker of the skew scenario. Its handler stands for a CPU-bound processor: every record
 * costs {@code recordCost} of one per-worker lock (a worker processes at most {@code 1 s / recordCost} records/s,
 * whichever shards they come from), then its end-to-end lag (now minus the put time the producer wrote in the data)
 * goes to the {@link SkewRecorder}.
 */
final class SkewWorker implements AutoCloseable {

    private final String workerId;
    private final Scheduler scheduler;

    SkewWorker(LocalAws aws, String stream, String application, String workerId, AssignmentStrategy strategy,
            Duration recordCost, Duration interval, Duration failoverTimeout, Duration idleInterval,
            SkewRecorder recorder) {
        this.workerId = workerId;
        ReentrantLock capacity = new ReentrantLock(true);
        long costNanos = recordCost.toNanos();
        scheduler = Scheduler.create(LocalAwsConsumers.config(aws, application, stream)
                .retrievalConfig(RetrievalConfig.polling().idleInterval(idleInterval).build())
                .statusInterval(interval)
                .startupTimeout(Duration.ofMinutes(2)) // the emulators answer slowly on a loaded machine
                .leaseCoordinatorConfig(LeaseCoordinatorConfig.builder()
                        .workerId(workerId)
                        .leaseScanInterval(interval)
                        .failoverTimeout(failoverTimeout)
                        .foreignOwnerTimeout(failoverTimeout)
                        .assignmentStrategy(strategy)
                        .build())
                .processorFactory(RecordHandlers.processorFactory(
                        shard -> (RecordHandler) record -> handle(record, shard.shardId(), capacity, costNanos,
                                recorder),
                        CheckpointStrategy.afterEachBatch()))
                .build());
    }

    private void handle(KinesisClientRecord record, String shardId, ReentrantLock capacity, long costNanos,
            SkewRecorder recorder) {
        capacity.lock();
        try {
            long end = System.nanoTime() + costNanos;
            long left;
            while ((left = end - System.nanoTime()) > 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(left);
            }
        } finally {
            capacity.unlock();
        }
        long putMillis = record.data().getLong(0);
        recorder.processed(workerId, shardId, record.sequenceNumber(), System.currentTimeMillis() - putMillis);
    }

    String workerId() {
        return workerId;
    }

    void start() {
        scheduler.start();
    }

    Set<String> owned() {
        return scheduler.ownedLeaseKeys();
    }

    @Override
    public void close() {
        scheduler.close();
    }
}
