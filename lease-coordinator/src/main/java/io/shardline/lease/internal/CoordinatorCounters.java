package io.shardline.lease.internal;

import io.shardline.lease.CoordinatorStats;
import java.util.concurrent.atomic.LongAdder;

/** The counters behind {@link CoordinatorStats}: written on the coordinator thread, read from anywhere. */
final class CoordinatorCounters {

    final LongAdder rounds = new LongAdder();
    final LongAdder storageErrors = new LongAdder();
    final LongAdder selfFences = new LongAdder();
    final LongAdder leasesAcquired = new LongAdder();
    final LongAdder leasesLost = new LongAdder();
    final LongAdder leaderAcquired = new LongAdder();
    final LongAdder leaseScans = new LongAdder();
    final LongAdder orphansAssigned = new LongAdder();
    final LongAdder handoffsRequested = new LongAdder();
    final LongAdder handoffsForced = new LongAdder();
    final LongAdder handoffsCompleted = new LongAdder();
    final LongAdder handoffsShutdownForced = new LongAdder();

    CoordinatorStats snapshot() {
        return new CoordinatorStats(rounds.sum(), storageErrors.sum(), selfFences.sum(), leasesAcquired.sum(),
                leasesLost.sum(), leaderAcquired.sum(), leaseScans.sum(), orphansAssigned.sum(),
                handoffsRequested.sum(), handoffsForced.sum(), handoffsCompleted.sum(),
                handoffsShutdownForced.sum());
    }
}
