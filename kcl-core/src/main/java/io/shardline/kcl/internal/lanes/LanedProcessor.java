package io.shardline.kcl.internal.lanes;

import io.shardline.checkpoint.CheckpointResult;
import io.shardline.checkpoint.ExtendedSequenceNumber;
import io.shardline.kcl.InitializationInput;
import io.shardline.kcl.KinesisClientRecord;
import io.shardline.kcl.LanesConfig;
import io.shardline.kcl.LeaseLostInput;
import io.shardline.kcl.ProcessRecordsInput;
import io.shardline.kcl.RecordBatchHandler;
import io.shardline.kcl.ShardEndedInput;
import io.shardline.kcl.ShardRecordProcessor;
import io.shardline.kcl.ShutdownRequestedInput;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * A {@link ShardRecordProcessor} that processes the records of up to {@link LanesConfig#lanes()} partition keys of one
 * shard at the same time ({@link Lane}), keeping each key's order, and checkpoints the low-water mark with the
 * completed set above it.
 *
 * <p><b>Lifecycle.</b> {@code initialize} restores the completed set of the checkpoint it starts after (those records
 * are skipped). {@code processRecords} hands each record to its lane (waiting while {@code maxPendingRecords} are
 * pending or the completed set is over its cap) and returns; lanes work on their own threads. {@code shutdownRequested}
 * waits until the lanes drained, then checkpoints exactly what was processed (0 duplicates on a planned move).
 * {@code shardEnded} drains too, then checkpoints {@code SHARD_END}; if the failure policy stopped the shard it throws
 * instead (the consumer retries it, never ending the shard past a record that was not processed). {@code leaseLost}
 * stops the lanes at once and writes nothing.
 */
final class LanedProcessor implements ShardRecordProcessor {

    private static final Logger LOG = LoggerFactory.getLogger(LanedProcessor.class);
    private static final long WAIT_SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    private final RecordBatchHandler handler;
    private final LanesConfig config;
    private final LaneExecutors executors;
    private final StopSignal stop = new StopSignal();
    private Progress progress;
    private CheckpointPump pump;
    private LaneMetrics metrics;
    private Lane lanes;
    private ShardLabels labels;

    LanedProcessor(RecordBatchHandler handler, LanesConfig config, LaneExecutors executors) {
        this.handler = handler;
        this.config = config;
        this.executors = executors;
    }

    @Override
    public void initialize(InitializationInput input) {
        labels = new ShardLabels(config.applicationName(), config.streamName(), input.shardId(), MDC.get("workerId"),
                MDC.getCopyOfContextMap());
        List<ExtendedSequenceNumber> completed = restore(input);
        progress = new Progress(input.startingPosition(), completed);
        metrics = new LaneMetrics(config.meterRegistry(), input.shardId(), progress, config.failurePolicy().clock());
        pump = new CheckpointPump(progress, config.maxStateBytes(), config.checkpointInterval(), executors.scheduler(),
                System::nanoTime, this::onLeaseLostByWrite, input.shardId());
        LaneWork work = new LaneWork(handler, config.failurePolicy(), progress, stop, metrics, labels,
                pump::progressed, this::stopByPolicy);
        lanes = new Lane(executors.lanes(), work, config.lanes(), config.maxBatchSize(), stop, labels);
        LOG.info("{}: shard {} runs on {} lanes from {}{}", labels.workerId(), input.shardId(), config.lanes(),
                input.startingPosition(), completed.isEmpty() ? ""
                        : ", skipping " + completed.size() + " records a previous owner completed above it");
    }

    private List<ExtendedSequenceNumber> restore(InitializationInput input) {
        try {
            List<ExtendedSequenceNumber> completed = new ArrayList<>();
            for (ExtendedSequenceNumber position : CompletedSetCodec.decode(input.state())) {
                if (input.startingPosition().isSentinel() || position.isAfter(input.startingPosition())) {
                    completed.add(position);
                }
            }
            return completed;
        } catch (IllegalArgumentException e) {
            LOG.warn("{}: the state of shard {}'s checkpoint is not a readable completed set ({}); processing every"
                    + " record after the checkpoint", labels.workerId(), input.shardId(), e.getMessage());
            return List.of();
        }
    }

    @Override
    public void processRecords(ProcessRecordsInput input) {
        pump.attach(input.checkpointer());
        for (KinesisClientRecord record : input.records()) {
            if (!waitForRoom()) {
                return; // the lanes stopped: the lease is lost, or the failure policy stopped the shard
            }
            Progress.Slot slot = progress.dispatch(record.extendedSequenceNumber(),
                    record.approximateArrivalTimestamp());
            if (slot == null) {
                metrics.skipped();
                continue;
            }
            lanes.submit(new Lane.Item(record, slot));
        }
        pump.progressed();
    }

    /** Back-pressure: waits while too many records are pending or the completed set is over its cap. */
    private boolean waitForRoom() {
        try {
            while (!stop.isStopped()) {
                boolean room = progress.awaitRoom(config.maxPendingRecords(), WAIT_SLICE_NANOS);
                if (room && !pump.overCap()) {
                    return true;
                }
                pump.writeNow(); // shrinks the set as the low-water mark moves; finds a lost lease
            }
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void leaseLost(LeaseLostInput input) {
        stop.stop(StopSignal.Reason.LEASE_LOST);
        progress.wake();
        pump.abandon();
        metrics.close();
    }

    @Override
    public void shutdownRequested(ShutdownRequestedInput input) {
        pump.attach(input.checkpointer());
        drain();
        pump.progressed(); // no-op if closed
        CheckpointPump.Outcome outcome = pump.writeNow();
        stop.stop(StopSignal.Reason.FINISHED);
        pump.close();
        metrics.close();
        LOG.info("{}: lanes of shard {} drained for handoff; checkpoint {} at {} ({} skipped as done before)",
                labels.workerId(), labels.shardId(), outcome, progress.lowWaterMark(), progress.skipped());
    }

    @Override
    public void shardEnded(ShardEndedInput input) {
        pump.attach(input.checkpointer());
        drain();
        if (stop.reason() == StopSignal.Reason.POLICY_STOP) {
            pump.writeNow();
            throw new IllegalStateException("shard " + labels.shardId() + " stopped by the failure policy at "
                    + "records after " + progress.lowWaterMark() + "; it cannot end");
        }
        pump.close();
        CheckpointResult result = input.checkpointer().checkpoint();
        stop.stop(StopSignal.Reason.FINISHED);
        metrics.close();
        LOG.info("{}: lanes of shard {} drained at shard end: {}", labels.workerId(), labels.shardId(), result);
    }

    /** Waits until every handed-out record is done, or the lanes stopped. */
    private void drain() {
        try {
            while (!stop.isStopped() && !progress.awaitAllDone(WAIT_SLICE_NANOS)) {
                pump.writeNow(); // keeps the checkpoint moving (and finds a lost lease) during a long drain
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void onLeaseLostByWrite() {
        if (stop.stop(StopSignal.Reason.LEASE_LOST)) {
            LOG.info("{}: lanes of shard {} stop: a checkpoint found the lease lost", labels.workerId(),
                    labels.shardId());
        }
        progress.wake();
    }

    private void stopByPolicy(String why) {
        if (stop.stop(StopSignal.Reason.POLICY_STOP)) {
            metrics.stopped();
            LOG.error("{}: shard {} stopped by the failure policy: {}. No further record of it is processed and"
                    + " nothing is checkpointed past the low-water mark {}; the lease is kept", labels.workerId(),
                    labels.shardId(), why, progress.lowWaterMark());
            progress.wake();
            pump.progressed();
        }
    }
}
