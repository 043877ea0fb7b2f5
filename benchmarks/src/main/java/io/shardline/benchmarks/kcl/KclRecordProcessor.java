package io.shardline.benchmarks.kcl;

import io.shardline.benchmarks.harness.WorkerLine.Change;
import io.shardline.benchmarks.harness.WorkerOutput;
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

/** KCL processor of the benchmark: prints an EVENT line per record and checkpoints after every batch. */
final class KclRecordProcessor implements ShardRecordProcessor {

    private static final Logger log = LoggerFactory.getLogger(KclRecordProcessor.class);

    private final WorkerOutput out;
    private String shardId = "?";

    KclRecordProcessor(WorkerOutput out) {
        this.out = out;
    }

    @Override
    public void initialize(InitializationInput input) {
        shardId = input.shardId();
        out.lease(Change.ACQUIRED, shardId);
    }

    @Override
    public void processRecords(ProcessRecordsInput input) {
        for (KinesisClientRecord record : input.records()) {
            out.delivered(shardId, record.sequenceNumber(), record.partitionKey(), record.data());
        }
        if (!input.records().isEmpty()) {
            checkpoint(input.checkpointer(), "batch");
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
