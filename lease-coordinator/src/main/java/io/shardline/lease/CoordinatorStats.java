package io.shardline.lease;

/**
 * Counters of one coordinator since it was created (monotonic, read as a thread-safe snapshot).
 *
 * @param rounds            heartbeat rounds run
 * @param storageErrors     store calls that threw (each logged as one line and retried next round)
 * @param selfFences        times this worker dropped its leases because it could not heartbeat
 * @param leasesAcquired    {@link LeaseEvent.Acquired} events
 * @param leasesLost        {@link LeaseEvent.Lost} events
 * @param leaderAcquired    times this worker became leader
 * @param leaseScans        full lease-table reads by this worker as leader
 * @param orphansAssigned   orphan leases this leader transferred to a member
 * @param handoffsRequested graceful handoffs this leader requested
 * @param handoffsForced    handoffs this leader forced after {@code handoffTimeout}
 * @param handoffsCompleted handoffs this worker completed as owner (confirmed, automatic or at shutdown)
 * @param handoffsShutdownForced leases this worker moved at shutdown without confirmation within
 *                          {@code handoffTimeout}
 */
public record CoordinatorStats(
        long rounds,
        long storageErrors,
        long selfFences,
        long leasesAcquired,
        long leasesLost,
        long leaderAcquired,
        long leaseScans,
        long orphansAssigned,
        long handoffsRequested,
        long handoffsForced,
        long handoffsCompleted,
        long handoffsShutdownForced) {
}
