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
import java.util.ArrayDeque;
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
 * <p>The batch's records minus the too-old ones ("work") are covered, from the first unhandled one, by segments: one at
 * first, the halves of a failing segment once it is bisected. The first segment is what the processor gets next.
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
    private int[] failedCalls;
    private boolean[] handled;
    private int handledPrefix;
    private int done;
    private final ArrayDeque<Integer> segments = new ArrayDeque<>();
    private int attempts;
    private boolean bisecting;
    private boolean headFailed;
    private Throwable lastError;
    private int storageFailures;
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
            if (done == work.size()) {
                batch = null;
                return Outcome.DONE;
            }
            if (ctx.callbacks().isPastFenceDeadline()) {
                return Outcome.FENCED; // no processor callback after the self-fence deadline, even mid-batch
            }
            List<KinesisClientRecord> input = work.subList(done, done + segments.getFirst());
            Throwable error = invoke(input);
            if (error == null) {
                succeeded(input.size());
            } else {
                Outcome outcome = failed(input, error);
                if (outcome != null) {
                    return outcome;
                }
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
        Instant cutoff = policy.maxRecordAge() == null ? null : policy.clock().instant().minus(policy.maxRecordAge());
        work = new ArrayList<>(records.size());
        int[] indexes = new int[records.size()];
        int kept = 0;
        List<DeadLetters.Pending> tooOld = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            KinesisClientRecord record = records.get(i);
            if (cutoff != null && record.approximateArrivalTimestamp().isBefore(cutoff)) {
                tooOld.add(new DeadLetters.Pending(entry(record, DeadLetterEntry.Reason.MAX_AGE_EXCEEDED, null, 0), i));
            } else {
                work.add(record);
                indexes[kept++] = i;
            }
        }
        workIndex = kept == indexes.length ? indexes : Arrays.copyOf(indexes, kept);
        failedCalls = new int[work.size()];
        handled = new boolean[records.size()];
        handledPrefix = 0;
        done = 0;
        segments.clear();
        if (!work.isEmpty()) {
            segments.add(work.size());
        }
        attempts = 0;
        bisecting = false;
        headFailed = false;
        lastError = null;
        if (!tooOld.isEmpty()) {
            deadLetters.enqueue(tooOld, null);
        }
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

    private void succeeded(int count) {
        progress(count);
        segments.removeFirst();
        attempts = 0;
        headFailed = false;
        storageFailures = 0;
        steps.succeeded();
    }

    /** The first {@code count} unhandled work records were processed. */
    private void progress(int count) {
        long bytes = 0;
        for (int i = done; i < done + count; i++) {
            bytes += work.get(i).dataSize();
            markHandled(workIndex[i]);
        }
        ctx.metrics().processed(shardId, count, bytes);
        done += count;
    }

    /** @return the outcome, or {@code null} to go on at once (records were given up and are to be sent) */
    private Outcome failed(List<KinesisClientRecord> input, Throwable error) {
        if (isStorageFailure(error)) {
            if (storageFailures++ == 0) {
                LOG.warn("{}: processRecords of shard {} failed because the lease table failed ({}); retrying the"
                        + " batch after a backoff, not counted against the records", ctx.workerId(), shardId,
                        error.toString());
            }
            return Outcome.RETRY_LATER;
        }
        lastError = error instanceof PartialBatchFailureException p && p.getCause() != null ? p.getCause() : error;
        int lowest = error instanceof PartialBatchFailureException p ? countFailures(p, input) : -1;
        if (lowest < 0) {
            countAllFailed(input.size());
        }
        if (lowest > 0) {
            progress(lowest);
            segments.addFirst(segments.removeFirst() - lowest);
            checkpointProgress();
            attempts = 1;
        } else {
            attempts++;
        }
        headFailed = lowest >= 0;
        logFailure(input, error, lowest);
        if (headFailed) {
            return attempts >= policy.maxAttempts() ? giveUp(1) : Outcome.RETRY_LATER;
        }
        int size = input.size();
        if (attempts < (bisecting && size > 1 ? 1 : policy.maxAttempts())) {
            return Outcome.RETRY_LATER;
        }
        if (size > 1 && policy.bisect()) {
            segments.removeFirst();
            segments.addFirst(size - size / 2);
            segments.addFirst(size / 2);
            if (!bisecting) {
                LOG.info("{}: bisecting the {} failing records of shard {} ({} .. {}) to isolate the failure",
                        ctx.workerId(), size, shardId, input.get(0).extendedSequenceNumber(),
                        input.get(size - 1).extendedSequenceNumber());
            }
            bisecting = true;
            attempts = 0;
            return Outcome.RETRY_LATER;
        }
        return giveUp(size);
    }

    /** Counts the call against the named records; the offset of the lowest one in {@code input}, or -1 for none. */
    private int countFailures(PartialBatchFailureException failure, List<KinesisClientRecord> input) {
        Set<ExtendedSequenceNumber> failed = new HashSet<>(failure.failed());
        int lowest = -1;
        for (int i = 0; i < input.size(); i++) {
            if (failed.contains(input.get(i).extendedSequenceNumber())) {
                failedCalls[done + i]++;
                lowest = lowest < 0 ? i : lowest;
            }
        }
        return lowest;
    }

    private void countAllFailed(int count) {
        for (int i = done; i < done + count; i++) {
            failedCalls[i]++;
        }
    }

    /** Gives up on the first {@code count} unhandled work records: dead letters, or the shard stops. */
    private Outcome giveUp(int count) {
        if (policy.onExhausted() == FailurePolicy.OnExhausted.STOP_SHARD) {
            return stop(work.get(done), failedCalls[done], lastError, policy.deadLetterSink() == null
                    ? "no dead-letter sink is configured" : "FailurePolicy.onExhausted is STOP_SHARD");
        }
        List<DeadLetters.Pending> given = new ArrayList<>(count);
        for (int i = done; i < done + count; i++) {
            given.add(new DeadLetters.Pending(entry(work.get(i), DeadLetterEntry.Reason.PROCESSING_FAILED, lastError,
                    failedCalls[i]), workIndex[i]));
        }
        deadLetters.enqueue(given, () -> {
            done += count;
            int rest = segments.removeFirst() - count;
            if (rest > 0) {
                segments.addFirst(rest);
            }
            attempts = 0;
            headFailed = false;
        });
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
        boolean firstOfBatch = attempts == 1 && !bisecting;
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
