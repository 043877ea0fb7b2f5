package io.shardline.lease;

import java.time.Instant;

/**
 * A {@link LeaseCoordinator} without a thread: the caller runs it by calling {@link #poll(Instant)} at (or after)
 * the instant the previous call returned. For the lease simulation (W workers x L leases on the in-memory stores
 * with an accelerated manual clock) and deterministic tests; production code uses
 * {@link LeaseCoordinator#create}. Obtain one with {@link LeaseCoordinator#polled}.
 *
 * <p><b>Threading.</b> Confined to the caller: {@code poll}, {@link #start()}, {@link #shutdown()},
 * {@link #close()}, {@link #completeHandoff}, {@link #reportFenced} and {@link #requestAssignment} must be called
 * from one thread (or with external synchronization); the reads ({@link #ownedLeases()}, {@link #currentToken},
 * {@link #isLeader()}, {@link #stats()}) are safe from anywhere. Commands issued from inside the listener during a
 * {@code poll} run at the end of that {@code poll}. Events are delivered on the calling thread during {@code poll}
 * (and during {@code completeHandoff}/{@code reportFenced}/{@code requestAssignment}, which act at once). After
 * {@link #shutdown()}, poll at once: the leaving round is due immediately.
 *
 * <p><b>Time.</b> Every timing decision uses the {@code now} handed to {@code poll}, a point on the monotonic
 * timeline ({@code Instant.EPOCH.plusNanos(time.nanoTime())}, never a wall-clock reading); the {@link Time} given to
 * the factory only bounds how long one round may keep writing (half a heartbeat interval, so a leader assigning
 * thousands of orphans against a slow store keeps heartbeating); a manual clock that stands still during
 * {@code poll} makes one round do everything.
 */
public interface PolledLeaseCoordinator extends LeaseCoordinator {

    /**
     * Runs whatever is due at {@code now}: a full round when a heartbeat is due, else only the deadlines that fell
     * due (self-fencing, forced handoffs, shutdown handoffs) and requested syncs.
     *
     * @return when to call {@code poll} next ({@link Instant#MAX} once stopped)
     */
    Instant poll(Instant now);

    /** Whether the coordinator has stopped ({@link #close()}, or a {@link #shutdown()} that completed). */
    boolean isStopped();
}
