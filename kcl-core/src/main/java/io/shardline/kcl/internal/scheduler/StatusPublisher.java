package io.shardline.kcl.internal.scheduler;

import io.shardline.lease.CoordinationStore;
import io.shardline.lease.MemberStatus;
import io.shardline.lease.MemberStatus.LeaseStatus;
import java.time.InstantSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes this worker's status item ({@link CoordinationStore#publishStatus}) every {@code statusInterval}: per shard
 * it holds, the last millisBehindLatest, records/s and bytes/s since the previous publication (from running totals,
 * over the monotonic time between the two samples), when its checkpoint was last seen to advance (wall clock, to
 * within one interval; null until it advances while this worker holds it) and the consumer phase. One write per call,
 * whatever the number of shards. Runs on one thread (the scheduler's sync thread); a failed write is logged and the
 * next interval tries again.
 */
final class StatusPublisher {

    private static final Logger LOG = LoggerFactory.getLogger(StatusPublisher.class);

    /** One shard's running values, sampled when publishing. */
    record Sample(String leaseKey, String phase, long records, long bytes, long millisBehindLatest,
            String checkpoint) {
    }

    private record Previous(long nanos, long records, long bytes, String checkpoint, Instant checkpointAt) {
    }

    private final String workerId;
    private final CoordinationStore store;
    private final Supplier<List<Sample>> samples;
    private final Duration interval;
    private final InstantSource wallClock;
    private final LongSupplier nanoTime;
    private final Map<String, Previous> previous = new HashMap<>();
    private boolean failing;

    StatusPublisher(String workerId, CoordinationStore store, Supplier<List<Sample>> samples, Duration interval,
            InstantSource wallClock, LongSupplier nanoTime) {
        this.workerId = Objects.requireNonNull(workerId, "workerId");
        this.store = Objects.requireNonNull(store, "store");
        this.samples = Objects.requireNonNull(samples, "samples");
        this.interval = Objects.requireNonNull(interval, "interval");
        this.wallClock = Objects.requireNonNull(wallClock, "wallClock");
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    }

    /** Samples and writes once; never throws. */
    void publish() {
        MemberStatus status = sample();
        try {
            store.publishStatus(status);
            if (failing) {
                LOG.info("{}: publishing the status item works again", workerId);
            }
            failing = false;
        } catch (RuntimeException e) {
            if (!failing) {
                LOG.warn("{}: publishing the status item failed: {}; trying again in {}", workerId, e.toString(),
                        interval);
            }
            failing = true;
        }
    }

    /** The status as of now; advances the interval. */
    MemberStatus sample() {
        long now = nanoTime.getAsLong();
        Instant wallNow = wallClock.instant();
        List<LeaseStatus> leases = new ArrayList<>();
        Map<String, Previous> next = new HashMap<>();
        for (Sample s : samples.get()) {
            Previous p = previous.get(s.leaseKey());
            double seconds = p == null ? 0 : (now - p.nanos()) / 1e9;
            double rps = seconds <= 0 ? 0 : Math.max(0, s.records() - p.records()) / seconds;
            double bps = seconds <= 0 ? 0 : Math.max(0, s.bytes() - p.bytes()) / seconds;
            Instant checkpointAt = p == null ? null
                    : Objects.equals(p.checkpoint(), s.checkpoint()) ? p.checkpointAt() : wallNow;
            leases.add(new LeaseStatus(s.leaseKey(), s.millisBehindLatest(), rps, bps, checkpointAt, s.phase()));
            next.put(s.leaseKey(), new Previous(now, s.records(), s.bytes(), s.checkpoint(), checkpointAt));
        }
        previous.clear();
        previous.putAll(next);
        return new MemberStatus(workerId, wallNow, interval, leases);
    }
}
