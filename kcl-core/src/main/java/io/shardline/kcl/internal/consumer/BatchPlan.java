package io.shardline.kcl.internal.consumer;

import io.shardline.kcl.FailurePolicy;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;

/**
 * The failure policy's decisions for one batch, as a pure state machine: no records, no processor, no threads, no
 * clock. It knows the batch's work as offsets {@code 0 .. size-1}, covered from the first unhandled one ({@link #done()})
 * by segments: one at first, the halves of a failing segment once it is bisected. {@link #decide()} says what to do
 * now; {@link #next(Outcome)} applies what happened to the last {@link Invoke} (or {@link GiveUp}) and says what to do
 * next. {@link BatchRunner} performs the decisions (processor calls, dead letters, the shard stop, backoffs).
 *
 * <ol>
 *   <li>A failure counts one attempt for the segment (and a failed call for each record in it). After
 *   {@code maxAttempts} the segment is split in halves ({@code bisect}), each half tried once (a failing half is split
 *   again), a single record {@code maxAttempts} times; then it is given up on. Without bisection the whole failing
 *   segment is given up on.</li>
 *   <li>A partial failure (named offsets): the records before the lowest named one are processed, the lowest becomes
 *   the head (its attempts restart at 1 when records before it were processed), and once it has failed
 *   {@code maxAttempts} times it alone is given up on (no bisection). Named offsets outside the segment count as a
 *   plain failure.</li>
 *   <li>A storage failure (a checkpoint the processor tried failed on the lease table) is retried without counting an
 *   attempt.</li>
 * </ol>
 */
final class BatchPlan {

    /** What to do now. */
    sealed interface Decision permits Invoke, Backoff, GiveUp, Done { }

    /** Call {@code processRecords} with the work records {@code from .. from+count-1}. */
    record Invoke(int from, int count) implements Decision { }

    /** Wait the backoff, then {@link #decide()} again (the same segment, or the first half of a bisected one). */
    record Backoff(Why why) implements Decision { }

    /**
     * Give up on the work records {@code from .. from+count-1}: dead-letter them (then report {@link GivenUp}), or,
     * when {@code stopShard}, stop the shard.
     */
    record GiveUp(int from, int count, boolean stopShard) implements Decision { }

    /** Every record of the batch was processed or given up on. */
    record Done() implements Decision { }

    /** Why a {@link Backoff}. */
    enum Why {
        /** The segment failed and has attempts left. */
        RETRY,
        /** The segment used its attempts and was split in halves; the first bisection of this batch. */
        BISECTION_STARTED,
        /** The segment used its attempts and was split in halves, within a running bisection. */
        BISECTED,
        /** The lease table failed under the processor's checkpoint: not counted against the records. */
        STORAGE_FAILURE
    }

    /** What happened to the last decision. */
    sealed interface Outcome permits Processed, Failed, StorageFailed, GivenUp { }

    /** The invoked segment was processed. */
    record Processed() implements Outcome { }

    /**
     * The invoked segment failed: at {@code offsets} (relative to the segment's start; from a
     * {@code PartialBatchFailureException}), or as a whole when {@code offsets} is empty.
     */
    record Failed(List<Integer> offsets) implements Outcome {
        Failed {
            offsets = List.copyOf(offsets);
        }

        static Failed all() {
            return new Failed(List.of());
        }

        static Failed at(Integer... offsets) {
            return new Failed(List.of(offsets));
        }
    }

    /** The invoked segment failed because the lease table failed (not the records' fault). */
    record StorageFailed() implements Outcome { }

    /** The records of the last {@link GiveUp} were dead-lettered. */
    record GivenUp() implements Outcome { }

    private static final Done DONE = new Done();

    private final int size;
    private final int maxAttempts;
    private final boolean bisect;
    private final boolean stopShard;
    private final int[] failedCalls;
    private final ArrayDeque<Integer> segments = new ArrayDeque<>();
    private int done;
    private int attempts;
    private boolean bisecting;
    private int storageFailures;
    private int givingUp;
    private int lastAttempt;
    private boolean lastFirstOfBatch;

    BatchPlan(int size, int maxAttempts, boolean bisect, boolean stopShard) {
        if (size < 0 || maxAttempts < 1) {
            throw new IllegalArgumentException("size " + size + ", maxAttempts " + maxAttempts);
        }
        this.size = size;
        this.maxAttempts = maxAttempts;
        this.bisect = bisect;
        this.stopShard = stopShard;
        this.failedCalls = new int[size];
        if (size > 0) {
            segments.add(size);
        }
    }

    static BatchPlan of(int size, FailurePolicy policy) {
        return new BatchPlan(size, policy.maxAttempts(), policy.bisect(),
                policy.onExhausted() == FailurePolicy.OnExhausted.STOP_SHARD);
    }

    /** What to do now: invoke the first segment, or done. */
    Decision decide() {
        if (givingUp > 0) {
            throw new IllegalStateException("records " + done + " .. " + (done + givingUp - 1)
                    + " are being given up on: report GivenUp first");
        }
        return done == size ? DONE : new Invoke(done, segments.getFirst());
    }

    /** Applies {@code outcome} of the last decision and returns the next one. */
    Decision next(Outcome outcome) {
        Objects.requireNonNull(outcome, "outcome");
        if (outcome instanceof GivenUp) {
            return givenUp();
        }
        if (givingUp > 0 || done == size) {
            throw new IllegalStateException(outcome + " without an invoked segment");
        }
        if (outcome instanceof Processed) {
            done += segments.removeFirst();
            attempts = 0;
            storageFailures = 0;
            return decide();
        }
        if (outcome instanceof StorageFailed) {
            storageFailures++;
            return new Backoff(Why.STORAGE_FAILURE);
        }
        return failed(((Failed) outcome).offsets());
    }

    private Decision failed(List<Integer> offsets) {
        int segment = segments.getFirst();
        int lowest = -1;
        for (int offset : offsets) {
            if (offset >= 0 && offset < segment) {
                failedCalls[done + offset]++;
                lowest = lowest < 0 ? offset : Math.min(lowest, offset);
            }
        }
        if (lowest < 0) {
            for (int i = done; i < done + segment; i++) {
                failedCalls[i]++;
            }
        }
        if (lowest > 0) {
            done += lowest;
            segments.addFirst(segments.removeFirst() - lowest);
            attempts = 1;
        } else {
            attempts++;
        }
        lastAttempt = attempts;
        lastFirstOfBatch = attempts == 1 && !bisecting;
        if (lowest >= 0) {
            return attempts >= maxAttempts ? giveUp(1) : new Backoff(Why.RETRY);
        }
        int failing = segments.getFirst();
        if (attempts < (bisecting && failing > 1 ? 1 : maxAttempts)) {
            return new Backoff(Why.RETRY);
        }
        if (failing > 1 && bisect) {
            segments.removeFirst();
            segments.addFirst(failing - failing / 2);
            segments.addFirst(failing / 2);
            boolean started = !bisecting;
            bisecting = true;
            attempts = 0;
            return new Backoff(started ? Why.BISECTION_STARTED : Why.BISECTED);
        }
        return giveUp(failing);
    }

    private Decision giveUp(int count) {
        if (!stopShard) {
            givingUp = count;
        }
        return new GiveUp(done, count, stopShard);
    }

    private Decision givenUp() {
        if (givingUp == 0) {
            throw new IllegalStateException("GivenUp without a GiveUp to dead-letter");
        }
        done += givingUp;
        int rest = segments.removeFirst() - givingUp;
        if (rest > 0) {
            segments.addFirst(rest);
        }
        givingUp = 0;
        attempts = 0;
        return decide();
    }

    /** The first unhandled work offset: every record before it was processed or given up on. */
    int done() {
        return done;
    }

    /** Failed processor calls that included work record {@code offset} (for the dead-letter entry). */
    int failedCalls(int offset) {
        return failedCalls[offset];
    }

    /** Storage failures in a row ({@code 1}: the first of a streak, to log). */
    int storageFailures() {
        return storageFailures;
    }

    /** The attempt number of the last failure (for its log line). */
    int lastAttempt() {
        return lastAttempt;
    }

    /** Whether the last failure was the first of the batch (logged with its stack trace). */
    boolean lastFailureFirstOfBatch() {
        return lastFirstOfBatch;
    }
}
