package io.shardline.kcl;

import io.shardline.checkpoint.CheckpointResult;
import io.shardline.checkpoint.CheckpointTracker;
import io.shardline.checkpoint.ExtendedSequenceNumber;

/**
 * The processor behind {@link RecordHandlers}: one handler per shard, checkpoints as its tracker says. A handler that
 * throws is reported as a {@link PartialBatchFailureException} at its record, so the consumer retries from that record
 * and, if it keeps failing, gives up on exactly that record (no bisection needed). Remembers the last record handled
 * so a batch retried after the handler threw skips what was already handled, and so a handoff checkpoints exactly
 * what was handled (never a delivered-but-failed record).
 */
final class HandlerProcessor implements ShardRecordProcessor {

    private final RecordHandler handler;
    private final CheckpointTracker tracker;
    private ExtendedSequenceNumber lastHandled;
    private boolean leaseLost;

    HandlerProcessor(RecordHandler handler, CheckpointTracker tracker) {
        this.handler = handler;
        this.tracker = tracker;
    }

    @Override
    public void initialize(InitializationInput input) {
        // Nothing to restore: handlers keep no checkpointed state.
    }

    @Override
    public void processRecords(ProcessRecordsInput input) {
        RecordCheckpointer checkpointer = input.checkpointer();
        for (KinesisClientRecord record : input.records()) {
            if (leaseLost) {
                return;
            }
            ExtendedSequenceNumber position = record.extendedSequenceNumber();
            if (lastHandled != null && !position.isAfter(lastHandled)) {
                continue; // handled before this batch was retried
            }
            try {
                handler.handle(record);
            } catch (RuntimeException e) {
                throw PartialBatchFailureException.at(record, e);
            }
            lastHandled = position;
            if (tracker.recordProcessed()) {
                checkpoint(checkpointer);
            }
        }
        if (!leaseLost && tracker.batchEnded()) {
            checkpoint(checkpointer);
        }
    }

    /** A time-based strategy must see time pass on an idle shard, or the last records are never checkpointed. */
    @Override
    public boolean processEmptyBatches() {
        return tracker.isTimeBased();
    }

    @Override
    public void leaseLost(LeaseLostInput input) {
        leaseLost = true;
    }

    @Override
    public void shardEnded(ShardEndedInput input) {
        input.checkpointer().checkpoint();
    }

    @Override
    public void shutdownRequested(ShutdownRequestedInput input) {
        checkpoint(input.checkpointer());
    }

    private void checkpoint(RecordCheckpointer checkpointer) {
        if (lastHandled == null) {
            return;
        }
        CheckpointResult result = checkpointer.checkpoint(lastHandled);
        if (result.isLeaseLost()) {
            leaseLost = true;
        } else if (!result.isFailed()) {
            tracker.checkpointed(); // a Failed write is tried again when the strategy next says so
        }
    }
}
