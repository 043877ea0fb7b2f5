package io.shardline.testing.sim;

import io.shardline.kcl.internal.testkit.FakeKinesisProxy;
import io.shardline.kcl.retrieval.RetrievalException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.LongSupplier;

/**
 * The simulation's Kinesis: kcl-core's in-memory model ({@link FakeKinesisProxy}: shards with lineage, split, merge,
 * MD5 routing, ListShards filters, iterators, fan-out, fault injection) on the simulation's virtual clock, so that
 * iterators expire five minutes after they are handed out, plus what the model leaves to its users: Kinesis's read
 * limit of {@value #GET_RECORDS_PER_SECOND} GetRecords per shard in any second, for all readers together (more are
 * throttled). Answers complete synchronously, on the caller's thread, so a single-threaded simulation never waits on
 * another thread. Thread-safe.
 *
 * <p>Used by {@link Simulation}; usable on its own with {@code DefaultScheduler}'s internal constructor (see
 * docs/testing.md). {@code KinesisProxy} and {@code FakeKinesisProxy} are internal to kcl-core: their shape may change
 * between versions.
 */
public final class SimKinesis extends FakeKinesisProxy {

    /** GetRecords calls per shard per second that Kinesis allows (more are throttled). */
    public static final int GET_RECORDS_PER_SECOND = 5;

    private final LongSupplier nanoClock;
    private final Map<String, Deque<Long>> recentGetRecords = new HashMap<>();
    private BiFunction<Operation, String, RetrievalException> injected = (operation, shardId) -> null;
    private int throttled;

    /** A Kinesis on {@code nanoClock} (monotonic nanos, the simulation's virtual time). */
    public SimKinesis(LongSupplier nanoClock) {
        super(nanoClock);
        this.nanoClock = nanoClock;
        super.faults(this::simulatedFault);
    }

    /**
     * Consulted on every call after the queued faults ({@link #failNext}) and before the read limit: the error to
     * answer with, or null. The shard id is null for stream-level calls. Replaces the previous function; the read
     * limit stays.
     */
    @Override
    public synchronized void faults(BiFunction<Operation, String, RetrievalException> faultFunction) {
        this.injected = Objects.requireNonNull(faultFunction, "faultFunction");
    }

    /** GetRecords calls refused by the per-shard read limit so far. */
    public synchronized int throttledCalls() {
        return throttled;
    }

    /** Called by the model under its lock (this object's), after the queued faults. */
    private RetrievalException simulatedFault(Operation operation, String shardId) {
        RetrievalException error = injected.apply(operation, shardId);
        if (error != null || operation != Operation.GET_RECORDS || !overRate(shardId)) {
            return error;
        }
        throttled++;
        return throttled();
    }

    /** Kinesis's read limit: five GetRecords per shard in any second, for all readers together. */
    private boolean overRate(String shardId) {
        long t = nanoClock.getAsLong();
        Deque<Long> recent = recentGetRecords.computeIfAbsent(shardId, k -> new ArrayDeque<>());
        while (!recent.isEmpty() && t - recent.peekFirst() >= 1_000_000_000L) {
            recent.pollFirst();
        }
        if (recent.size() >= GET_RECORDS_PER_SECOND) {
            return true;
        }
        recent.addLast(t);
        return false;
    }
}
