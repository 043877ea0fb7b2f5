package io.shardline.benchmarks.shardline;

import io.shardline.benchmarks.cost.BatchLine;
import io.shardline.benchmarks.harness.WorkerLine.Change;
import io.shardline.benchmarks.harness.WorkerOutput;
import io.shardline.checkpoint.CheckpointException;
import io.shardline.checkpoint.CheckpointResult;
import io.shardline.kcl.InitializationInput;
import io.shardline.kcl.KinesisClientRecord;
import io.shardline.kcl.LeaseLostInput;
import io.shardline.kcl.ProcessRecordsInput;
import io.shardline.kcl.RecordCheckpointer;
import io.shardline.kcl.ShardEndedInput;
import io.shardline.kcl.ShardRecordProcessor;
import io.shardline.kcl.ShutdownRequestedInput;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shardline processor of the benchmark: prints an EVENT line per record and checkpoints after every batch, the same
 * work as {@code KclRecordProcessor}. In batch-line mode (the cost scenarios) it does no per-record work: per
 * non-empty batch it checkpoints, then prints one {@link BatchLine}.
 */
final class ShardlineRecordProcessor implements ShardRecordProcessor {

    private static final Logger log = LoggerFactory.getLogger(ShardlineRecordProcessor.class);

    private final WorkerOutput out;
    private final String shardId;
    private final boolean batchLines;

    ShardlineRecordProcessor(WorkerOutput out, String shardId, boolean batchLines) {
        this.out = out;
        this.shardId = shardId;
        this.batchLines = batchLines;
    }

    @Override
    public void initialize(InitializationInput input) {
        out.lease(Change.ACQUIRED, shardId);
    }

    @Override
    public void processRecords(ProcessRecordsInput input) {
        if (batchLines) {
            processBatch(input.records(), input.checkpointer());
            return;
        }
        for (KinesisClientRecord record : input.records()) {
            out.delivered(shardId, record.sequenceNumber(), record.partitionKey(), record.data());
        }
        checkpoint(input.checkpointer(), "batch");
    }

    private void processBatch(List<KinesisClientRecord> records, RecordCheckpointer checkpointer) {
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

    private void checkpoint(RecordCheckpointer checkpointer, String when) {
        try {
            CheckpointResult result = checkpointer.checkpoint();
            if (!(result instanceof CheckpointResult.Ok)) {
                log.warn("{}: checkpoint at {}: {}", shardId, when, result);
            }
        } catch (CheckpointException e) {
            log.warn("{}: checkpoint at {} failed: {}", shardId, when, e.toString());
        }
    }
}
