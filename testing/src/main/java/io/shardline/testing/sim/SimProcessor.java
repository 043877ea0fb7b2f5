package io.shardline.testing.sim;

import io.shardline.checkpoint.CheckpointResult;
import io.shardline.kcl.InitializationInput;
import io.shardline.kcl.KinesisClientRecord;
import io.shardline.kcl.LeaseLostInput;
import io.shardline.kcl.ProcessRecordsInput;
import io.shardline.kcl.ShardEndedInput;
import io.shardline.kcl.ShardRecordProcessor;
import io.shardline.kcl.ShutdownRequestedInput;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The application of the simulation: records every delivery with the {@link Oracle}, checkpoints after some batches
 * (decided by the seed), and, when the fault plan says so, throws (at most once per input, so the default failure
 * policy's three attempts always suffice) or hangs for a while (the rest of the simulation runs meanwhile).
 */
final class SimProcessor implements ShardRecordProcessor {

    private final Simulation sim;
    private final Oracle oracle;
    private final Oracle.Run run;
    /** The application's processor under test, called after the simulation's own bookkeeping; may be null. */
    private final ShardRecordProcessor application;

    SimProcessor(Simulation sim, Oracle oracle, Oracle.Run run, ShardRecordProcessor application) {
        this.sim = sim;
        this.oracle = oracle;
        this.run = run;
        this.application = application;
    }

    @Override
    public void initialize(InitializationInput input) {
        run.startCheckpoint = input.startingPosition();
        if (application != null) {
            application.initialize(input);
        }
        sim.trace(run + " initialize at " + input.startingPosition());
    }

    @Override
    public void processRecords(ProcessRecordsInput input) {
        List<KinesisClientRecord> records = input.records();
        if (records.isEmpty()) {
            return;
        }
        List<String> sequences = new ArrayList<>(records.size());
        records.forEach(r -> sequences.add(r.sequenceNumber()));
        oracle.beforeProcess(run, sequences);
        try {
            long hang = sim.processorHangNanos();
            if (hang > 0) {
                sim.trace(run + " processor hangs " + hang / 1_000_000 + " ms");
                sim.block(hang);
            }
            // at most one failure per input (same first record), so a retry of it succeeds: the default policy's
            // three attempts are never exhausted and no record is given up on
            int throwAt = run.thrownAt.add(sequences.get(0)) ? sim.processorThrowIndex(records.size()) : -1;
            for (int i = 0; i < records.size(); i++) {
                KinesisClientRecord record = records.get(i);
                String data = new String(record.dataAsBytes(), StandardCharsets.UTF_8);
                if (i == throwAt) {
                    sim.trace(run + " processor throws at " + data);
                    throw new IllegalStateException("simulated processor failure at " + data);
                }
                if (!sim.loseThisRecord()) {
                    oracle.delivered(run, record.sequenceNumber(), record.partitionKey(), data);
                }
            }
            if (application != null) {
                application.processRecords(input);
            }
            run.lastSucceeded = sequences.get(sequences.size() - 1);
            if (sim.checkpointNow()) {
                checkpoint(input.checkpointer().checkpoint(records.get(records.size() - 1)), "batch");
            }
        } finally {
            oracle.afterProcess(run);
        }
    }

    private void checkpoint(CheckpointResult result, String why) {
        if (result instanceof CheckpointResult.Ok ok) {
            run.lastCheckpointed = ok.position().sequenceNumber();
        } else {
            sim.trace(run + " checkpoint (" + why + ") " + result);
        }
    }

    @Override
    public void leaseLost(LeaseLostInput input) {
        run.endedBy = "leaseLost";
        if (application != null) {
            application.leaseLost(input);
        }
        sim.trace(run + " leaseLost");
    }

    @Override
    public void shardEnded(ShardEndedInput input) {
        if (application != null) {
            application.shardEnded(input);
        }
        CheckpointResult result = input.checkpointer().checkpoint();
        run.endedBy = "shardEnded";
        run.cleanEnd = result instanceof CheckpointResult.Ok;
        if (result instanceof CheckpointResult.Ok ok) {
            run.lastCheckpointed = ok.position().sequenceNumber();
        }
        sim.trace(run + " shardEnded, checkpoint " + result);
    }

    @Override
    public void shutdownRequested(ShutdownRequestedInput input) {
        if (application != null) {
            application.shutdownRequested(input);
        }
        CheckpointResult result = input.checkpointer().checkpoint();
        run.endedBy = "shutdownRequested";
        run.cleanEnd = result instanceof CheckpointResult.Ok;
        if (result instanceof CheckpointResult.Ok ok) {
            run.lastCheckpointed = ok.position().sequenceNumber();
        }
        sim.trace(run + " shutdownRequested, checkpoint " + result);
    }
}
