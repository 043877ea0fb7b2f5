package io.shardline.testing.consumer;

import io.shardline.checkpoint.CheckpointResult;
import io.shardline.checkpoint.ExtendedSequenceNumber;
import io.shardline.kcl.InitializationInput;
import io.shardline.kcl.KinesisClientRecord;
import io.shardline.kcl.LeaseLostInput;
import io.shardline.kcl.ProcessRecordsInput;
import io.shardline.kcl.ShardEndedInput;
import io.shardline.kcl.ShardRecordProcessor;
import io.shardline.kcl.ShutdownRequestedInput;
import java.util.List;
import java.util.function.Function;

/** A processor that writes everything it does into a {@link Ledger} and checkpoints as its policy says. */
final class LedgerProcessor implements ShardRecordProcessor {

    private final Ledger ledger;
    private final String worker;
    private final int session;
    private final String shardId;
    private final Function<List<KinesisClientRecord>, ExtendedSequenceNumber> policy;

    LedgerProcessor(Ledger ledger, String worker, int session, String shardId,
            Function<List<KinesisClientRecord>, ExtendedSequenceNumber> policy) {
        this.ledger = ledger;
        this.worker = worker;
        this.session = session;
        this.shardId = shardId;
        this.policy = policy;
    }

    @Override
    public void initialize(InitializationInput input) {
        ledger.called(worker, session, shardId, "initialize");
        ledger.started(worker, session, shardId, input);
    }

    @Override
    public void processRecords(ProcessRecordsInput input) {
        ledger.called(worker, session, shardId, "processRecords");
        input.records().forEach(record -> ledger.processed(worker, session, shardId, record));
        ExtendedSequenceNumber position = policy.apply(input.records());
        if (position != null) {
            CheckpointResult result = input.checkpointer().checkpoint(position.sequenceNumber(),
                    position.subSequenceNumber());
            ledger.checkpointed(worker, session, shardId, position, result);
        }
    }

    @Override
    public void leaseLost(LeaseLostInput input) {
        ledger.called(worker, session, shardId, "leaseLost");
    }

    @Override
    public void shardEnded(ShardEndedInput input) {
        ledger.called(worker, session, shardId, "shardEnded");
        ledger.checkpointed(worker, session, shardId, ExtendedSequenceNumber.shardEnd(),
                input.checkpointer().checkpoint());
    }

    @Override
    public void shutdownRequested(ShutdownRequestedInput input) {
        ledger.called(worker, session, shardId, "shutdownRequested");
        CheckpointResult result = input.checkpointer().checkpoint();
        ExtendedSequenceNumber position = result instanceof CheckpointResult.Ok ok ? ok.position() : null;
        if (position != null && !position.isSentinel()) {
            ledger.checkpointed(worker, session, shardId, position, result);
        }
    }
}
