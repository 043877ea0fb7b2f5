package io.shardline.lease.testing;

import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Cost counters and fault injection of the in-memory stores ({@link InMemoryLeaseStore},
 * {@link InMemoryCoordinationStore}), for unit tests, the in-process test kit and the lease simulation.
 *
 * <p>Faults are thrown <em>instead</em> of performing the call: nothing is written and nothing is counted. A fault
 * sees the call's <em>subject</em>, so one worker's outage can be simulated on a store all workers share:
 * the lease key for single-lease calls, the owner for {@link StoreOperation#LIST_OWNED_BY}, the member id for member
 * calls, the candidate or holder for leader calls, {@code null} for scans ({@code LIST}, {@code LIST_MEMBERS},
 * {@code READ_LEADER}).
 */
public interface StoreInstrumentation {

    /** A snapshot of the calls served since creation or the last {@link #resetOperationCounts()}. */
    OperationCounts operationCounts();

    /** Starts counting from zero again. */
    void resetOperationCounts();

    /** The next call of {@code operation} throws {@code failure.get()} (one-shot, queued per operation). */
    void failNext(StoreOperation operation, Supplier<? extends RuntimeException> failure);

    /**
     * Consulted on every call of {@code operation} with the call's subject: a non-null result is thrown, null lets
     * the call through. Replaces any fault set before for that operation; {@code null} removes it.
     */
    void injectFault(StoreOperation operation, Function<String, ? extends RuntimeException> fault);

    /** Removes every fault, one-shot and standing. */
    void clearFaults();
}
