package io.shardline.benchmarks.fleet;

import java.time.Duration;

/**
 * How long the fleet scenarios wait before they give up. Generous for KCL 3.5.1 on the emulators: on a prefilled
 * lease table its leader hands out leases on its second lease-assignment round (~20-40 s after start), and a dead
 * worker's leases wait for {@code failoverTimeMillis} (10 s) plus the next round.
 */
final class FleetTimeouts {

    /** Until the fleet is balanced and every shard delivers (start, or a restarted worker taking its share). */
    static final Duration BALANCE = Duration.ofSeconds(240);
    /** Until every shard of a worker that left delivers at another worker (KCL took > 150 s once its leader died). */
    static final Duration TAKEOVER = Duration.ofSeconds(300);

    private FleetTimeouts() {
    }
}
