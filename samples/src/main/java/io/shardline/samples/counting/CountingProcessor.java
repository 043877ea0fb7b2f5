package io.shardline.samples.counting;

import io.shardline.checkpoint.ExtendedSequenceNumber;
import io.shardline.kcl.InitializationInput;
import io.shardline.kcl.KinesisClientRecord;
import io.shardline.kcl.LeaseLostInput;
import io.shardline.kcl.ProcessRecordsInput;
import io.shardline.kcl.RecordCheckpointer;
import io.shardline.kcl.ShardEndedInput;
import io.shardline.kcl.ShardRecordProcessor;
import io.shardline.kcl.ShardRecordProcessorFactory;
import io.shardline.kcl.ShutdownRequestedInput;
import io.shardline.samples.common.DeliveryJournal;
import io.shardline.samples.common.SamplePayload;
import io.shardline.samples.common.ShardActivity;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Counts one shard's records per partition key. Every {@code checkpointInterval} (and before a handoff or at the
 * shard's end) it adds the counts gathered since the last time to the {@link CountSink}, flushes the journal, and
 * then checkpoints: flush first, checkpoint second, so a record is never checkpointed without being counted (at
 * least once; see the package comment).
 */
public final class CountingProcessor implements ShardRecordProcessor {

    /**
     * What the processors of one worker share.
     *
     * @param totals             this worker's counts, for reports
     * @param sink               where counts go before each checkpoint
     * @param journal            the delivery journal, or {@code null}
     * @param activity           status of the shards
     * @param checkpointInterval how often to flush and checkpoint
     * @param clock              time for the interval
     */
    public record Wiring(KeyCounts totals, CountSink sink, DeliveryJournal journal, ShardActivity activity,
            Duration checkpointInterval, InstantSource clock) {

        public Wiring {
            Objects.requireNonNull(totals, "totals");
            Objects.requireNonNull(sink, "sink");
            Objects.requireNonNull(activity, "activity");
            Objects.requireNonNull(checkpointInterval, "checkpointInterval");
            Objects.requireNonNull(clock, "clock");
        }
    }

    private final String shardId;
    private final Wiring wiring;
    private final Map<String, Long> pending = new HashMap<>();
    private ExtendedSequenceNumber lastHandled;
    private ExtendedSequenceNumber lastCheckpointed;
    private Instant lastCheckpointTime;
    private boolean leaseLost;

    CountingProcessor(String shardId, Wiring wiring) {
        this.shardId = shardId;
        this.wiring = wiring;
    }

    /** A factory of counting processors sharing {@code wiring}. */
    public static ShardRecordProcessorFactory factory(Wiring wiring) {
        Objects.requireNonNull(wiring, "wiring");
        return shardId -> new CountingProcessor(shardId, wiring);
    }

    @Override
    public void initialize(InitializationInput input) {
        lastCheckpointTime = wiring.clock().instant();
        wiring.activity().started(shardId);
    }

    @Override
    public void processRecords(ProcessRecordsInput input) {
        int handled = 0;
        for (KinesisClientRecord record : input.records()) {
            ExtendedSequenceNumber position = record.extendedSequenceNumber();
            if (lastHandled != null && !position.isAfter(lastHandled)) {
                continue; // handled before this batch was retried
            }
            count(record);
            lastHandled = position;
            handled++;
        }
        wiring.activity().processed(shardId, handled, input.millisBehindLatest());
        if (wiring.journal() != null) {
            wiring.journal().flush(); // one write per batch; the verifier sees what was processed so far
        }
        Instant now = wiring.clock().instant();
        if (!now.isBefore(lastCheckpointTime.plus(wiring.checkpointInterval()))) {
            flushAndCheckpoint(input.checkpointer());
        }
    }

    @Override
    public void leaseLost(LeaseLostInput input) {
        leaseLost = true;
        pending.clear(); // not checkpointed: the next owner counts these records
        wiring.activity().stopped(shardId);
    }

    @Override
    public void shardEnded(ShardEndedInput input) {
        flush();
        input.checkpointer().checkpoint(); // SHARD_END: lets the child shards start
        wiring.activity().stopped(shardId);
    }

    @Override
    public void shutdownRequested(ShutdownRequestedInput input) {
        flushAndCheckpoint(input.checkpointer());
        wiring.activity().stopped(shardId);
    }

    private void count(KinesisClientRecord record) {
        String key = record.partitionKey();
        pending.merge(key, 1L, Long::sum);
        wiring.totals().add(key, 1);
        if (wiring.journal() != null) {
            long seq = SamplePayload.parse(record.data()).map(SamplePayload::seq).orElse(-1L);
            wiring.journal().record(shardId, key, seq);
        }
    }

    private void flushAndCheckpoint(RecordCheckpointer checkpointer) {
        if (leaseLost || lastHandled == null || lastHandled.equals(lastCheckpointed)) {
            return;
        }
        flush();
        lastCheckpointTime = wiring.clock().instant();
        if (checkpointer.checkpoint(lastHandled).isLeaseLost()) {
            leaseLost = true;
        } else {
            lastCheckpointed = lastHandled;
        }
    }

    private void flush() {
        if (!pending.isEmpty()) {
            wiring.sink().add(shardId, Map.copyOf(pending));
            pending.clear();
        }
        if (wiring.journal() != null) {
            wiring.journal().flush();
        }
    }
}
