package io.shardline.multilang.internal;

import io.shardline.checkpoint.CheckpointException;
import io.shardline.checkpoint.CheckpointResult;
import io.shardline.checkpoint.ExtendedSequenceNumber;
import io.shardline.kcl.InitializationInput;
import io.shardline.kcl.KinesisClientRecord;
import io.shardline.kcl.LeaseLostInput;
import io.shardline.kcl.ProcessRecordsInput;
import io.shardline.kcl.RecordCheckpointer;
import io.shardline.kcl.ShardEndedInput;
import io.shardline.kcl.ShardRecordProcessor;
import io.shardline.kcl.ShutdownRequestedInput;
import io.shardline.multilang.internal.ChildMessages.Bare;
import io.shardline.multilang.internal.ChildMessages.CheckpointRequest;
import io.shardline.multilang.internal.ChildMessages.CheckpointResponse;
import io.shardline.multilang.internal.ChildMessages.Initialize;
import io.shardline.multilang.internal.ChildMessages.ProcessRecords;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link ShardRecordProcessor} of one shard that runs the application's processor as a child process speaking
 * KCL's MultiLangDaemon protocol (see {@link ChildMessages}, {@link ChildSession}).
 *
 * <p><b>Lifecycle.</b> {@code initialize} starts the child and sends {@code initialize} with the position processing
 * starts after. {@code processRecords}, {@code shardEnded} and {@code shutdownRequested} send their message and answer
 * the child's checkpoint requests with the callback's checkpointer until the child's status. After
 * {@code shutdownRequested} the child also gets {@code leaseLost}, as KCL 2's daemon sends it after a requested
 * shutdown. After the final message the child's stdin is closed and it gets {@code exitGrace} to exit before it is
 * killed.
 *
 * <p><b>Failures.</b> A child that fails (exits, times out, answers out of turn) is killed and the callback throws
 * {@link ChildFailureException}, so the consumer's {@link io.shardline.kcl.FailurePolicy} decides: the batch is
 * retried (with backoff, then bisected) and the next call starts a new child, initialized at the shard's last
 * checkpoint; when the attempts are exhausted the shard stops with one ERROR line (or the records are dead-lettered
 * when a sink is configured). Records a failed child acknowledged before the failure are not sent again to the new one
 * (they were processed); records after its last checkpoint are processed again by the next owner after a failover.
 *
 * <p><b>Checkpoints.</b> Without a sequence number: {@code checkpoint()} (the last record delivered; {@code SHARD_END}
 * in {@code shardEnded}). With a sequence number and a sub-sequence number: that user record. With a sequence number
 * only: the last delivered user record with that sequence number in the latest batch (the whole KPL aggregate), else
 * sub-sequence 0. The answer carries KCL's exception names as {@code error}: {@code ShutdownException} (the lease is
 * lost), {@code IllegalArgumentException} (beyond the last delivered record, behind the last checkpoint, malformed),
 * {@code KinesisClientLibDependencyException} (the lease table failed), {@code InvalidStateException} (no checkpointer:
 * during {@code initialize} or {@code leaseLost}).
 */
public final class ChildProcessRecordProcessor implements ShardRecordProcessor {

    private static final Logger log = LoggerFactory.getLogger(ChildProcessRecordProcessor.class);

    private final String shardId;
    private final ChildConnection.Launcher launcher;
    private final Duration timeout;
    private final Duration exitGrace;
    private ChildSession child;
    private ExtendedSequenceNumber startingPosition;
    private Map<String, Long> lastSubSequenceBySequence = Map.of();

    /**
     * @param timeout   how long the child may take to answer one message; {@code null} for no limit
     * @param exitGrace how long the child gets to exit after its stdin is closed at the end
     */
    public ChildProcessRecordProcessor(String shardId, ChildConnection.Launcher launcher, Duration timeout,
            Duration exitGrace) {
        this.shardId = Objects.requireNonNull(shardId, "shardId");
        this.launcher = Objects.requireNonNull(launcher, "launcher");
        this.timeout = timeout;
        this.exitGrace = Objects.requireNonNull(exitGrace, "exitGrace");
    }

    @Override
    public void initialize(InitializationInput input) {
        startingPosition = input.startingPosition();
        startChild(startingPosition);
    }

    @Override
    public void processRecords(ProcessRecordsInput input) {
        ensureChild(input.checkpointer());
        Map<String, Long> lastSubs = new HashMap<>();
        for (KinesisClientRecord record : input.records()) {
            lastSubs.merge(record.extendedSequenceNumber().sequenceNumber(), record.subSequenceNumber(), Math::max);
        }
        lastSubSequenceBySequence = lastSubs;
        exchange(ProcessRecords.of(input.records(), input.millisBehindLatest()), "processRecords",
                input.checkpointer());
    }

    @Override
    public void leaseLost(LeaseLostInput input) {
        if (child == null) {
            return;
        }
        exchange(new Bare("leaseLost"), "leaseLost", null);
        finishChild();
    }

    @Override
    public void shardEnded(ShardEndedInput input) {
        ensureChild(input.checkpointer());
        exchange(new Bare("shardEnded"), "shardEnded", input.checkpointer());
        finishChild();
    }

    @Override
    public void shutdownRequested(ShutdownRequestedInput input) {
        if (child == null) {
            log.info("Shutdown requested for shard {} while no child runs (the last one failed): the next owner"
                    + " starts after the last checkpoint", shardId);
            return;
        }
        exchange(new Bare("shutdownRequested"), "shutdownRequested", input.checkpointer());
        exchange(new Bare("leaseLost"), "leaseLost", null);
        finishChild();
    }

    private void ensureChild(RecordCheckpointer checkpointer) {
        if (child == null) {
            ExtendedSequenceNumber position = checkpointer.lastCheckpoint().orElse(startingPosition);
            log.warn("Starting a new child process for shard {} at {} after the previous one failed", shardId,
                    position);
            startChild(position);
        }
    }

    private void startChild(ExtendedSequenceNumber position) {
        ChildConnection connection;
        try {
            connection = launcher.start(shardId);
        } catch (IOException | RuntimeException e) {
            throw new ChildFailureException(shardId, "cannot start " + launcher + ": " + e.getMessage(), e);
        }
        child = ChildSession.start(shardId, connection, timeout);
        log.info("Started child process {} for shard {} at {}", child.describe(), shardId, position);
        exchange(Initialize.of(shardId, position), "initialize", null);
    }

    private void exchange(Object message, String action, RecordCheckpointer checkpointer) {
        try {
            child.exchange(message, action, request -> checkpoint(request, checkpointer, action));
        } catch (ChildFailureException e) {
            child.kill();
            child = null;
            throw e;
        }
    }

    private void finishChild() {
        ChildSession finishing = child;
        child = null;
        finishing.finish(exitGrace);
    }

    private CheckpointResponse checkpoint(CheckpointRequest request, RecordCheckpointer checkpointer, String action) {
        String error = null;
        if (checkpointer == null) {
            error = "InvalidStateException";
            log.warn("The child of shard {} asked to checkpoint during {}, which has no checkpointer", shardId, action);
        } else {
            try {
                CheckpointResult result = request.sequenceNumber() == null ? checkpointer.checkpoint()
                        : checkpointer.checkpoint(position(request));
                error = errorName(result);
                log.debug("Checkpoint of shard {} at {}: {}", shardId, request, result);
            } catch (IllegalArgumentException e) {
                error = "IllegalArgumentException";
                log.warn("The child of shard {} asked for an invalid checkpoint {}: {}", shardId, request,
                        e.getMessage());
            } catch (CheckpointException e) {
                error = "KinesisClientLibDependencyException";
                log.warn("Checkpoint of shard {} at {} failed: {}", shardId, request, e.getMessage());
            }
        }
        return CheckpointResponse.of(request.sequenceNumber(), request.subSequenceNumber(), error);
    }

    private static String errorName(CheckpointResult result) {
        if (result instanceof CheckpointResult.LeaseLost) {
            return "ShutdownException";
        }
        return result instanceof CheckpointResult.Stale ? "IllegalArgumentException" : null;
    }

    private ExtendedSequenceNumber position(CheckpointRequest request) {
        ExtendedSequenceNumber bare = ExtendedSequenceNumber.of(request.sequenceNumber());
        if (request.subSequenceNumber() != null) {
            return ExtendedSequenceNumber.of(request.sequenceNumber(), request.subSequenceNumber());
        }
        if (bare.isSentinel()) {
            return bare;
        }
        return ExtendedSequenceNumber.of(bare.sequenceNumber(),
                lastSubSequenceBySequence.getOrDefault(bare.sequenceNumber(), 0L));
    }
}
