package io.shardline.kcl.internal.consumer;

import io.shardline.checkpoint.CheckpointException;
import io.shardline.checkpoint.ExtendedSequenceNumber;
import io.shardline.checkpoint.ShardCheckpointer;
import io.shardline.kcl.FailurePolicy;
import io.shardline.kcl.KinesisClientRecord;
import io.shardline.kcl.PartialBatchFailureException;
import io.shardline.kcl.ProcessRecordsInput;
import io.shardline.kcl.ShardRecordProcessor;
import io.shardline.kcl.deadletter.DeadLetterEntry;
import io.shardline.kcl.retrieval.RecordBatch;
import io.shardline.lease.LeaseStoreException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the records of one fetched batch through the processor under the {@link FailurePolicy}: retry with backoff,
 * then bisection to isolate the failing record, then dead letter or stop; records too old go to the dead letters
 * unprocessed; a {@link PartialBatchFailureException} moves progress to the lowest failure. One batch at a time; its
 * progress survives the backoffs ({@link #run} is called again with the same batch). Confined to the consumer's serial
 * executor.
 *
 * <p>Every decision (which records the processor gets next, when to back off, bisect, give up) is the pure
 * {@link BatchPlan}'s, over the batch's records minus the too-old ones ("work"); this class performs them: processor
 * calls, progress and metrics, dead letters, the shard stop, logs.
 */
final class BatchRunner {

    /** What a call of {@link #run} ended with. */
    enum Outcome {
        /** Every record of the batch was processed or dead-lettered. */
        DONE,
        /** Something failed: call {@link #run} with the same batch again after a backoff. */
        RETRY_LATER,
        /** The shard is stopped: process nothing more. */
        STOPPED,
        /** This worker is past its self-fence deadline: nothing was (or may be) delivered any more. */
        FENCED
    }

    private static final Logger LOG = LoggerFactory.getLogger(BatchRunner.class);

    private final ConsumerContext ctx;
    private final String shardId;
    private final ConsumerSteps steps;
    private final FailurePolicy policy;
    private final ShardRecordProcessor processor;
    private final ShardCheckpointer checkpointer;
    private final RecordCheckpointerAdapter recordCheckpointer;
    private final DeadLetters deadLetters;

    private RecordBatch batch;
    private List<KinesisClientRecord> work;
    private int[] workIndex;
    private boolean[] handled;
    private int handledPrefix;
    private BatchPlan plan;
    /** The plan's current decision; {@code null} while given-up records wait for the dead-letter sink. */
    private BatchPlan.Decision decision;
    private Throwable lastError;
    private boolean stopped;
    /** The last record of the handled run; its position is parsed only when asked for (not per record). */
    private KinesisClientRecord lastHandledRecord;
    private ExtendedSequenceNumber lastHandled;

    BatchRunner(ConsumerContext ctx, String shardId, ConsumerSteps steps, ShardRecordProcessor processor,
            ShardCheckpointer checkpointer, RecordCheckpointerAdapter recordCheckpointer) {
        this.ctx = ctx;
        this.shardId = shardId;
        this.steps = steps;
        this.policy = ctx.failurePolicy();
        this.processor = processor;
        this.checkpointer = checkpointer;
        this.recordCheckpointer = recordCheckpointer;
        this.deadLetters = new DeadLetters(ctx, shardId);
    }

    /** Runs (or resumes) {@code next}, a data or shard-end batch with records. */
    Outcome run(RecordBatch next) {
        if (stopped) {
            return Outcome.STOPPED;
        }
        if (next != batch) {
            begin(next);
        }
        while (true) {
            Outcome sent = sendDeadLetters();
            if (sent != null) {
                return sent;
            }
            if (decision instanceof BatchPlan.Done) {
                batch = null;
                return Outcome.DONE;
            }
            if (decision instanceof BatchPlan.Backoff) {
                decision = plan.decide(); // what the next run does, after the backoff
                return Outcome.RETRY_LATER;
            }
            if (decision instanceof BatchPlan.GiveUp g) {
                Outcome outcome = giveUp(g);
                if (outcome != null) {
                    return outcome;
                }
                continue;
            }
            BatchPlan.Invoke call = (BatchPlan.Invoke) decision;
            if (ctx.callbacks().isPastFenceDeadline()) {
                return Outcome.FENCED; // no processor callback after the self-fence deadline, even mid-batch
            }
            List<KinesisClientRecord> input = call.count() == work.size() ? work // the whole batch: no sublist to copy
                    : work.subList(call.from(), call.from() + call.count());
            Throwable error = invoke(input);
            if (error == null) {
                decision = plan.next(new BatchPlan.Processed());
                progress(call.from(), call.count());
                steps.succeeded(); // backoff resets on any success, so bisection moves quickly
            } else {
                failed(call, input, error);
            }
        }
    }

    /**
     * Calls {@code processRecords} with no records for {@code empty}, a batch of an idle shard (for a processor that
     * asked for empty batches). A failure is logged at WARN and not retried: there is no record to retry or
     * dead-letter, and the next empty batch calls again.
     */
    void runEmpty(RecordBatch empty) {
        if (stopped) {
            return;
        }
        try {
            processor.processRecords(new ProcessRecordsInput(List.of(), recordCheckpointer, empty.millisBehindLatest(),
                    false));
        } catch (RuntimeException e) {
            LOG.warn("{}: processRecords of an empty batch of shard {} failed: {}", ctx.workerId(), shardId,
                    e.toString());
        }
    }

    /** True while a batch is unfinished (failed records wait for a retry, or the shard is stopped). */
    boolean inProgress() {
        return batch != null;
    }

    /**
     * The last record of the unbroken run of records processed or dead-lettered by this consumer ({@code null}: none):
     * how far {@code shutdownRequested} may checkpoint while a batch is {@linkplain #inProgress() in progress}.
     */
    ExtendedSequenceNumber lastHandled() {
        if (lastHandled == null && lastHandledRecord != null) {
            lastHandled = lastHandledRecord.extendedSequenceNumber();
        }
        return lastHandled;
    }

    boolean isStopped() {
        return stopped;
    }

    /** The consumer ends: a stopped shard no longer counts as stopped on this worker. */
    void close() {
        if (stopped) {
            ctx.metrics().shardStopped(-1);
        }
    }

    private void begin(RecordBatch next) {
        batch = next;
        List<KinesisClientRecord> records = next.records();
        if (policy.maxRecordAge() == null) {
            work = records; // every record is work: no copy, no index table (the common case)
            workIndex = null;
        } else {
            keepRecentEnough(records, policy.clock().instant().minus(policy.maxRecordAge()));
        }
        handled = new boolean[records.size()];
        handledPrefix = 0;
        plan = BatchPlan.of(work.size(), policy);
        decision = plan.decide();
        lastError = null;
    }

    /** Work is the records that arrived at or after {@code cutoff}; the older ones go to the dead letters. */
    private void keepRecentEnough(List<KinesisClientRecord> records, Instant cutoff) {
        work = new ArrayList<>(records.size());
        int[] indexes = new int[records.size()];
        int kept = 0;
        List<DeadLetters.Pending> tooOld = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            KinesisClientRecord record = records.get(i);
            if (record.approximateArrivalTimestamp().isBefore(cutoff)) {
                tooOld.add(new DeadLetters.Pending(entry(record, DeadLetterEntry.Reason.MAX_AGE_EXCEEDED, null, 0), i));
            } else {
                work.add(record);
                indexes[kept++] = i;
            }
        }
        workIndex = Arrays.copyOf(indexes, kept);
        if (!tooOld.isEmpty()) {
            deadLetters.enqueue(tooOld, null);
        }
    }

    /** The index in the batch of work record {@code workPosition}. */
    private int batchIndex(int workPosition) {
        return workIndex == null ? workPosition : workIndex[workPosition];
    }

    private Throwable invoke(List<KinesisClientRecord> input) {
        List<KinesisClientRecord> all = batch.records();
        KinesisClientRecord last = input.get(input.size() - 1);
        ProcessRecordsInput in = new ProcessRecordsInput(input, recordCheckpointer, batch.millisBehindLatest(),
                batch.shardEnded() && last == all.get(all.size() - 1));
        recordCheckpointer.limitTo(last.extendedSequenceNumber());
        try {
            processor.processRecords(in);
            return null;
        } catch (RuntimeException | LinkageError | AssertionError e) {
            ctx.metrics().processorError("processRecords");
            return e;
        } finally {
            recordCheckpointer.unlimited();
        }
    }

    /** Work records {@code from .. from+count-1} were processed. */
    private void progress(int from, int count) {
        long bytes = 0;
        for (int i = from; i < from + count; i++) {
            bytes += work.get(i).dataSize();
            handled[batchIndex(i)] = true;
        }
        advanceHandledPrefix();
        ctx.metrics().processed(shardId, count, bytes);
    }

    private void failed(BatchPlan.Invoke call, List<KinesisClientRecord> input, Throwable error) {
        if (isStorageFailure(error)) {
            decision = plan.next(new BatchPlan.StorageFailed());
            if (plan.storageFailures() == 1) {
                LOG.warn("{}: processRecords of shard {} failed because the lease table failed ({}); retrying the"
                        + " batch after a backoff, not counted against the records", ctx.workerId(), shardId,
                        error.toString());
            }
            return;
        }
        lastError = error instanceof PartialBatchFailureException p && p.getCause() != null ? p.getCause() : error;
        List<Integer> offsets = error instanceof PartialBatchFailureException p ? failedOffsets(p, input) : List.of();
        decision = plan.next(new BatchPlan.Failed(offsets));
        int processed = plan.done() - call.from(); // the records before the lowest failed one
        if (processed > 0) {
            progress(call.from(), processed);
            checkpointProgress();
        }
        int lowest = offsets.isEmpty() ? -1 : offsets.stream().min(Integer::compare).orElseThrow();
        logFailure(input, error, lowest);
        if (decision instanceof BatchPlan.Backoff b && b.why() == BatchPlan.Why.BISECTION_STARTED) {
            LOG.info("{}: bisecting the {} failing records of shard {} ({} .. {}) to isolate the failure",
                    ctx.workerId(), input.size(), shardId, input.get(0).extendedSequenceNumber(),
                    input.get(input.size() - 1).extendedSequenceNumber());
        }
    }

    /** The offsets in {@code input} of the records {@code failure} names (empty: none of them, a plain failure). */
    private static List<Integer> failedOffsets(PartialBatchFailureException failure,
            List<KinesisClientRecord> input) {
        Set<ExtendedSequenceNumber> failed = new HashSet<>(failure.failed());
        List<Integer> offsets = new ArrayList<>();
        for (int i = 0; i < input.size(); i++) {
            if (failed.contains(input.get(i).extendedSequenceNumber())) {
                offsets.add(i);
            }
        }
        return offsets;
    }

    /** Gives up on the plan's records: dead letters (the plan hears once they are sent), or the shard stops. */
    private Outcome giveUp(BatchPlan.GiveUp g) {
        if (g.stopShard()) {
            return stop(work.get(g.from()), plan.failedCalls(g.from()), lastError, policy.deadLetterSink() == null
                    ? "no dead-letter sink is configured" : "FailurePolicy.onExhausted is STOP_SHARD");
        }
        List<DeadLetters.Pending> given = new ArrayList<>(g.count());
        for (int i = g.from(); i < g.from() + g.count(); i++) {
            given.add(new DeadLetters.Pending(entry(work.get(i), DeadLetterEntry.Reason.PROCESSING_FAILED, lastError,
                    plan.failedCalls(i)), batchIndex(i)));
        }
        decision = null; // until the sink has them
        deadLetters.enqueue(given, () -> decision = plan.next(new BatchPlan.GivenUp()));
        return null;
    }

    private Outcome sendDeadLetters() {
        DeadLetters.Result result = deadLetters.send(policy.deadLetterSink(), this::markHandled);
        return switch (result.status()) {
            case SENT -> null;
            case RETRY -> Outcome.RETRY_LATER;
            case FATAL -> {
                DeadLetters.Pending failed = result.pending();
                KinesisClientRecord record = batch.records().get(failed.batchIndex());
                yield stop(record, failed.entry().attempts(), result.error(),
                        "the dead-letter sink cannot store it (" + result.error().getMessage() + ")");
            }
        };
    }

    private Outcome stop(KinesisClientRecord record, int failedAttempts, Throwable error, String why) {
        stopped = true;
        ctx.metrics().shardStopped(1);
        LOG.error("{}: shard {} STOPPED at record {}: {} failed attempts, last error {}; {}. Nothing after it is"
                + " processed or checkpointed and the lease stays here until the processor is fixed and the worker"
                + " restarted", ctx.workerId(), shardId, record.extendedSequenceNumber(), failedAttempts,
                error == null ? "none" : error.toString(), why);
        return Outcome.STOPPED;
    }

    private void markHandled(int batchIndex) {
        handled[batchIndex] = true;
        advanceHandledPrefix();
    }

    /** Moves the handled prefix past every handled record; remembers its last record (parsed only when asked). */
    private void advanceHandledPrefix() {
        while (handledPrefix < handled.length && handled[handledPrefix]) {
            handledPrefix++;
        }
        if (handledPrefix > 0) {
            KinesisClientRecord last = batch.records().get(handledPrefix - 1);
            if (last != lastHandledRecord) {
                lastHandledRecord = last;
                lastHandled = null;
            }
        }
    }

    /** After a partial failure: checkpoints the last handled record unless the processor got that far itself. */
    private void checkpointProgress() {
        ExtendedSequenceNumber upTo = lastHandled();
        Optional<ExtendedSequenceNumber> last = checkpointer.lastCheckpoint();
        if (upTo == null || (last.isPresent() && !upTo.isAfter(last.get()))) {
            return;
        }
        try {
            checkpointer.checkpoint(upTo);
        } catch (CheckpointException | IllegalArgumentException | IllegalStateException e) {
            LOG.warn("{}: checkpointing shard {} before its lowest failed record, at {}, failed: {}", ctx.workerId(),
                    shardId, upTo, e.toString());
        }
    }

    private void logFailure(List<KinesisClientRecord> input, Throwable error, int lowest) {
        boolean firstOfBatch = plan.lastFailureFirstOfBatch();
        int attempts = plan.lastAttempt();
        String what = lowest >= 0 ? "at record " + input.get(lowest).extendedSequenceNumber()
                : "on " + input.size() + " records from " + input.get(0).extendedSequenceNumber();
        if (firstOfBatch) {
            LOG.warn("{}: the processor of shard {} threw in processRecords {}; retrying with backoff ({} attempts,"
                    + " then {})", ctx.workerId(), shardId, what, policy.maxAttempts(), policy.bisect()
                    ? "bisection" : "give up", error);
        } else {
            LOG.debug("{}: the processor of shard {} threw in processRecords {} again (attempt {}): {}",
                    ctx.workerId(), shardId, what, attempts, error.toString());
        }
    }

    private DeadLetterEntry entry(KinesisClientRecord record, DeadLetterEntry.Reason reason, Throwable error,
            int failedAttempts) {
        return DeadLetterEntry.of(ctx.application(), ctx.stream(), shardId, record, policy.clock().instant(), reason,
                error, failedAttempts, ctx.workerId());
    }

    /** A checkpoint the processor tried failed on the lease table: not the record's fault. */
    private static boolean isStorageFailure(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof CheckpointException || t instanceof LeaseStoreException) {
                return true;
            }
        }
        return false;
    }
}
