package io.shardline.benchmarks.shardline;

import io.shardline.benchmarks.harness.Wait;
import io.shardline.benchmarks.harness.WorkerOutput;
import io.shardline.checkpoint.CheckpointStrategy;
import io.shardline.kcl.KinesisClientRecord;
import io.shardline.kcl.LanesConfig;
import io.shardline.kcl.RecordHandler;
import io.shardline.kcl.RecordHandlers;
import io.shardline.kcl.ShardRecordProcessorFactory;
import java.time.Duration;
import org.slf4j.MDC;

/**
 * The parallel scenario's handler: a slow call per record (a sleep standing for an HTTP request or a database write),
 * then the record's EVENT line. Serial ({@code lanes == 0}: {@link RecordHandlers#processorFactory}, checkpoint after
 * each batch, the same as the KCL processor) or on lanes ({@link RecordHandlers#parallel}). The shard comes from the
 * MDC, which the library sets on processing and lane threads.
 */
final class SleepingHandler implements RecordHandler {

    private final WorkerOutput out;
    private final long sleepNanos;

    private SleepingHandler(WorkerOutput out, Duration sleep) {
        this.out = out;
        this.sleepNanos = sleep.toNanos();
    }

    static ShardRecordProcessorFactory factory(WorkerOutput out, Duration sleep, int lanes,
                                               Duration checkpointInterval, String application, String stream) {
        if (lanes == 0) {
            return RecordHandlers.processorFactory(() -> new SleepingHandler(out, sleep),
                    CheckpointStrategy.afterEachBatch());
        }
        LanesConfig config = LanesConfig.builder().lanes(lanes).checkpointInterval(checkpointInterval)
                .applicationName(application).streamName(stream).build();
        return RecordHandlers.parallel(() -> new SleepingHandler(out, sleep), config);
    }

    @Override
    public void handle(KinesisClientRecord record) {
        Wait.untilNanoTime(System.nanoTime() + sleepNanos); // the slow call
        String shardId = MDC.get("shardId");
        out.delivered(shardId == null ? "?" : shardId, record.sequenceNumber(), record.partitionKey(), record.data());
    }
}
