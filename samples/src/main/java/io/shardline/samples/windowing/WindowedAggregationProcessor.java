package io.shardline.samples.windowing;

import com.fasterxml.jackson.databind.JsonNode;
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
import io.shardline.samples.common.Json;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Aggregates one shard into {@link TumblingWindows}, exactly once (see the package comment for why): for each batch,
 * add the records; when windows closed (or {@code checkpointInterval} passed), checkpoint the last record together
 * with the windows' snapshot (open windows and the closed ones still to write); then write the closed windows and
 * forget them. {@code initialize} restores the snapshot and writes what the previous owner had committed but maybe
 * not written.
 */
public final class WindowedAggregationProcessor implements ShardRecordProcessor {

    /**
     * What the processors of one worker share.
     *
     * @param windowSize         tumbling window length
     * @param allowedLateness    how far event time may go back before a record counts as late
     * @param valueField         the payload's numeric field to aggregate
     * @param timeField          the payload's event-time field (epoch ms); the arrival time when it is missing
     * @param results            where closed windows go (idempotent)
     * @param checkpointInterval checkpoint at least this often while records arrive, even when no window closed
     * @param clock              time for the interval
     * @param unparsable         counts records without a numeric {@code valueField} (skipped)
     */
    public record Settings(Duration windowSize, Duration allowedLateness, String valueField, String timeField,
            WindowResults results, Duration checkpointInterval, InstantSource clock, AtomicLong unparsable) {

        public Settings {
            Objects.requireNonNull(windowSize, "windowSize");
            Objects.requireNonNull(allowedLateness, "allowedLateness");
            Objects.requireNonNull(valueField, "valueField");
            Objects.requireNonNull(timeField, "timeField");
            Objects.requireNonNull(results, "results");
            Objects.requireNonNull(checkpointInterval, "checkpointInterval");
            Objects.requireNonNull(clock, "clock");
            Objects.requireNonNull(unparsable, "unparsable");
        }
    }

    private final String shardId;
    private final Settings settings;
    private TumblingWindows windows;
    private ExtendedSequenceNumber lastHandled;
    private Instant lastCheckpointTime;
    private boolean leaseLost;

    WindowedAggregationProcessor(String shardId, Settings settings) {
        this.shardId = shardId;
        this.settings = settings;
    }

    public static ShardRecordProcessorFactory factory(Settings settings) {
        Objects.requireNonNull(settings, "settings");
        return shardId -> new WindowedAggregationProcessor(shardId, settings);
    }

    @Override
    public void initialize(InitializationInput input) {
        windows = TumblingWindows.restore(settings.windowSize(), settings.allowedLateness(), input.state());
        lastCheckpointTime = settings.clock().instant();
        writePending(); // committed by the previous owner, maybe not written yet: idempotent
    }

    @Override
    public void processRecords(ProcessRecordsInput input) {
        for (KinesisClientRecord record : input.records()) {
            ExtendedSequenceNumber position = record.extendedSequenceNumber();
            if (lastHandled != null && !position.isAfter(lastHandled)) {
                continue; // handled before this batch was retried
            }
            add(record);
            lastHandled = position;
        }
        boolean due = !settings.clock().instant().isBefore(lastCheckpointTime.plus(settings.checkpointInterval()));
        if (lastHandled != null && (due || !windows.pending().isEmpty())) {
            commit(input.checkpointer());
        }
    }

    @Override
    public void leaseLost(LeaseLostInput input) {
        leaseLost = true; // the next owner restores the last committed state
    }

    @Override
    public void shardEnded(ShardEndedInput input) {
        windows.closeAll();
        writePending(); // before SHARD_END: a crash in between replays the shard's tail and closes the same windows
        input.checkpointer().checkpoint();
    }

    @Override
    public void shutdownRequested(ShutdownRequestedInput input) {
        if (lastHandled != null) {
            commit(input.checkpointer());
        }
    }

    /** Checkpoints with the state, then writes the windows that state says are closed. */
    private void commit(RecordCheckpointer checkpointer) {
        if (leaseLost) {
            return;
        }
        lastCheckpointTime = settings.clock().instant();
        if (checkpointer.checkpoint(lastHandled, windows.snapshot()).isLeaseLost()) {
            leaseLost = true;
            return;
        }
        writePending();
    }

    private void writePending() {
        if (!windows.pending().isEmpty()) {
            settings.results().write(shardId, windows.pending());
            windows.markWritten();
        }
    }

    private void add(KinesisClientRecord record) {
        try {
            JsonNode fields = Json.object(StandardCharsets.UTF_8.decode(record.data()).toString()).orElseThrow();
            double value = Double.parseDouble(Objects.requireNonNull(Json.text(fields, settings.valueField())));
            String time = Json.text(fields, settings.timeField());
            long eventTime = time != null ? Long.parseLong(time) : record.approximateArrivalTimestamp().toEpochMilli();
            windows.add(record.partitionKey(), eventTime, value);
        } catch (RuntimeException notAggregatable) {
            settings.unparsable().incrementAndGet();
        }
    }
}
