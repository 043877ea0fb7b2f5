package io.shardline.kcl.internal.consumer;

import io.shardline.checkpoint.CheckpointResult;
import io.shardline.kcl.InitializationInput;
import io.shardline.kcl.KinesisClientRecord;
import io.shardline.kcl.LeaseLostInput;
import io.shardline.kcl.ProcessRecordsInput;
import io.shardline.kcl.ShardEndedInput;
import io.shardline.kcl.ShardRecordProcessor;
import io.shardline.kcl.ShutdownRequestedInput;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Records every callback (name and thread) and every record; detects overlapping callbacks; behaviour is set per
 * test: checkpoint each batch, throw a number of times, block in processRecords until released, skip SHARD_END.
 */
public final class RecordingProcessor implements ShardRecordProcessor {

    public final List<String> calls = new CopyOnWriteArrayList<>();
    public final List<String> records = new CopyOnWriteArrayList<>();
    final List<CheckpointResult> checkpoints = new CopyOnWriteArrayList<>();
    public final AtomicBoolean overlapped = new AtomicBoolean();
    volatile InitializationInput initialization;
    volatile boolean checkpointEachBatch = true;
    volatile boolean checkpointAtShardEnd = true;
    volatile boolean checkpointAtShutdown = true;
    final AtomicInteger processRecordsFailures = new AtomicInteger();
    final AtomicInteger initializeFailures = new AtomicInteger();
    public volatile CountDownLatch blockProcessing;
    private final AtomicInteger active = new AtomicInteger();

    @Override
    public void initialize(InitializationInput input) {
        enter("initialize");
        try {
            if (initializeFailures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new IllegalStateException("initialize fails on purpose");
            }
            initialization = input;
        } finally {
            exit();
        }
    }

    @Override
    public void processRecords(ProcessRecordsInput input) {
        enter("processRecords");
        try {
            CountDownLatch block = blockProcessing;
            if (block != null) {
                block.await(10, TimeUnit.SECONDS);
            }
            if (processRecordsFailures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new IllegalStateException("processRecords fails on purpose");
            }
            for (KinesisClientRecord record : input.records()) {
                records.add(record.sequenceNumber());
            }
            if (checkpointEachBatch) {
                checkpoints.add(input.checkpointer().checkpoint(input.records().get(input.records().size() - 1)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            exit();
        }
    }

    @Override
    public void leaseLost(LeaseLostInput input) {
        enter("leaseLost");
        exit();
    }

    @Override
    public void shardEnded(ShardEndedInput input) {
        enter("shardEnded");
        try {
            if (checkpointAtShardEnd) {
                checkpoints.add(input.checkpointer().checkpoint());
            }
        } finally {
            exit();
        }
    }

    @Override
    public void shutdownRequested(ShutdownRequestedInput input) {
        enter("shutdownRequested");
        try {
            if (checkpointAtShutdown) {
                checkpoints.add(input.checkpointer().checkpoint());
            }
        } finally {
            exit();
        }
    }

    private void enter(String call) {
        if (active.incrementAndGet() != 1) {
            overlapped.set(true);
        }
        calls.add(call);
    }

    private void exit() {
        active.decrementAndGet();
    }
}
