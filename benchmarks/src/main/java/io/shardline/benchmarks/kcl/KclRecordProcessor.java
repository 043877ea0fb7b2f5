package io.shardline.benchmarks.kcl;

import io.shardline.benchmarks.cost.BatchLine;
import io.shardline.benchmarks.harness.WorkerLine.Change;
import io.shardline.benchmarks.harness.WorkerOutput;
import io.shardline.benchmarks.harness.Wait;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.kinesis.exceptions.InvalidStateException;
import software.amazon.kinesis.exceptions.ShutdownException;
import software.amazon.kinesis.lifecycle.events.InitializationInput;
import software.amazon.kinesis.lifecycle.events.LeaseLostInput;
import software.amazon.kinesis.lifecycle.events.ProcessRecordsInput;
import software.amazon.kinesis.lifecycle.events.ShardEndedInput;
import software.amazon.kinesis.lifecycle.events.ShutdownRequestedInput;
import software.amazon.kinesis.processor.RecordProcessorCheckpointer;
import software.amazon.kinesis.processor.ShardRecordProcessor;
import software.amazon.kinesis.retrieval.KinesisClientRecord;

/**
 * KCL processor of the benchmark: prints an EVENT line per record and checkpoints after every batch. In batch-line
 * mode (the cost scenarios) it does no per-record work: per non-empty batch it checkpoints, then prints one
 * {@link BatchLine}, the same work as {@code ShardlineRecordProcessor} in that mode.
 */
final class KclRecordProcessor implements ShardRecordProcessor {

    private static final Logger log = LoggerFactory.getLogger(KclRecordProcessor.class);

    private final WorkerOutput out;
    private final boolean batchLines;
    private String shardId = "?";

    private final long sleepNanos;

    KclRecordProcessor(WorkerOutput out, boolean batchLines, long sleepMillis) {
        this.out = out;
        this.batchLines = batchLines;
        this.sleepNanos = TimeUnit.MILLISECONDS.toNanos(sleepMillis);
    }

    @Override
    public void initialize(InitializationInput input) {
        shardId = input.shardId();
        out.lease(Change.ACQUIRED, shardId);
    }

    @Override
    public void processRecords(ProcessRecordsInput input) {
        if (batchLines) {
            processBatch(input.records(), input.checkpointer());
            return;
        }
        for (KinesisClientRecord record : input.records()) {
            if (sleepNanos > 0) {
                Wait.untilNanoTime(System.nanoTime() + sleepNanos); // the parallel scenario's slow call per record
            }
            out.delivered(shardId, record.sequenceNumber(), record.partitionKey(), record.data());
        }
        if (!input.records().isEmpty()) {
            checkpoint(input.checkpointer(), "batch");
        }
    }

    private void processBatch(List<KinesisClientRecord> records, RecordProcessorCheckpointer checkpointer) {
        if (!records.isEmpty()) {
            checkpoint(checkpointer, "batch");
            KinesisClientRecord last = records.get(records.size() - 1);
            out.delivered(shardId, last.sequenceNumber(), BatchLine.key(records.size()), null);
        }
    }

    @Override
    public void leaseLost(LeaseLostInput input) {
        out.lease(Change.LOST, shardId);
    }

    @Override
    public void shardEnded(ShardEndedInput input) {
        checkpoint(input.checkpointer(), "shard end");
        out.lease(Change.ENDED, shardId);
    }

    @Override
    public void shutdownRequested(ShutdownRequestedInput input) {
        checkpoint(input.checkpointer(), "shutdown");
        out.lease(Change.RELEASED, shardId);
    }

    private void checkpoint(RecordProcessorCheckpointer checkpointer, String when) {
        try {
            checkpointer.checkpoint();
        } catch (ShutdownException | InvalidStateException e) {
            log.warn("{}: checkpoint at {} failed: {}", shardId, when, e.toString());
        }
    }
}
