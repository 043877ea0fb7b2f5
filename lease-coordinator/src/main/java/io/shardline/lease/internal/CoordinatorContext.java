package io.shardline.lease.internal;

import io.shardline.lease.CoordinationStore;
import io.shardline.lease.LeaseCoordinatorConfig;
import io.shardline.lease.LeaseStore;
import java.time.Duration;

/** What every part of one coordinator shares: its config, the stores, counters, error reporting and events. */
record CoordinatorContext(
        LeaseCoordinatorConfig config,
        LeaseStore leases,
        CoordinationStore coordination,
        CoordinatorCounters counters,
        StoreGuard guard,
        EventDispatcher events) {

    String workerId() {
        return config.workerId();
    }

    /** How long after the last confirmed send of a heartbeat (or leader renewal) a worker still acts on it. */
    Duration fenceAfter() {
        return config.failoverTimeout().minus(config.selfFenceMargin());
    }
}
