package io.shardline.lease.internal;

import io.shardline.lease.FleetLoad;
import io.shardline.lease.Lease;
import io.shardline.lease.LeaseLoad;
import io.shardline.lease.LoadReading;
import io.shardline.lease.MemberStatus;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader's view of the load members publish in their status items, for a strategy that asks for it. Reads at
 * most once per {@link LoadReading#readInterval()} (one {@code listStatuses} Scan), only when an assignment round
 * runs, only on the leader.
 *
 * <p>Rates are trusted only from a member's report that is new (its {@code publishedAt} changed: an opaque value,
 * never compared with this host's clock) and that also listed the lease in the member's previous report seen here:
 * a publisher's first sample of a lease it just took has no rate yet. Each trusted rate enters a per-lease moving
 * average ({@link LoadReading#smoothing()}), restarted when the lease changes holder, after a correction for the lag
 * trend ({@link #demandFactor}: the leader wants what a lease demands, not what a saturated holder manages). A member is reporting while
 * its report changed within {@code staleAfter} on this leader's monotonic clock, or while this leader has known the
 * member for less than that. Coordinator thread only.
 */
final class LoadTracker {

    private static final Logger LOG = LoggerFactory.getLogger(LoadTracker.class);

    private record Seen(Instant publishedAt, Map<String, MemberStatus.LeaseStatus> leases, Instant changedAt) {
    }

    private record Smoothed(String holder, LeaseLoad load) {
    }

    private record Held(String owner, Instant since) {
    }

    private final LoadReading reading;
    private final Supplier<List<MemberStatus>> statuses;
    private final String workerId;
    private final Map<String, Seen> seen = new HashMap<>();
    private final Map<String, Instant> firstKnown = new HashMap<>();
    private final Map<String, Smoothed> leases = new HashMap<>();
    /** Per lease: its owner in the lease table and when this leader first saw that owner hold it. */
    private final Map<String, Held> held = new HashMap<>();
    private Instant nextReadAt = Instant.MIN;
    private Instant startedAt;
    private boolean failing;

    LoadTracker(LoadReading reading, Supplier<List<MemberStatus>> statuses, String workerId) {
        this.reading = Objects.requireNonNull(reading, "reading");
        this.statuses = Objects.requireNonNull(statuses, "statuses");
        this.workerId = workerId;
    }

    /** The load as known at {@code now}, reading the status items first when a read is due. */
    FleetLoad load(List<Lease> all, List<String> members, Instant now) {
        firstKnown.keySet().retainAll(Set.copyOf(members));
        members.forEach(m -> firstKnown.putIfAbsent(m, now));
        if (!now.isBefore(nextReadAt)) {
            nextReadAt = now.plus(reading.readInterval());
            read(now);
        }
        Set<String> reporting = new HashSet<>();
        for (String m : members) {
            Seen s = seen.get(m);
            boolean fresh = s != null && now.isBefore(s.changedAt().plus(reading.staleAfter()));
            if (fresh || now.isBefore(firstKnown.get(m).plus(reading.staleAfter()))) {
                reporting.add(m);
            }
        }
        Map<String, LeaseLoad> loads = new HashMap<>();
        Set<String> settling = new HashSet<>();
        for (Lease l : all) {
            Held h = held.get(l.leaseKey());
            if (h == null || !java.util.Objects.equals(h.owner(), l.owner())) {
                // a lease first seen by this leader counts as held since the leader's start (grace below)
                h = new Held(l.owner(), h == null ? leaderSince(now) : now);
                held.put(l.leaseKey(), h);
            }
            if (now.isBefore(h.since().plus(reading.minResidence()))) {
                settling.add(l.leaseKey());
            }
            Smoothed s = leases.get(l.leaseKey());
            if (s != null && s.holder().equals(l.owner()) && reporting.contains(l.owner())) {
                loads.put(l.leaseKey(), s.load());
            }
        }
        leases.keySet().retainAll(all.stream().map(Lease::leaseKey).toList());
        held.keySet().retainAll(all.stream().map(Lease::leaseKey).toList());
        return new FleetLoad(reporting, loads, settling);
    }

    /**
     * How much more than its consumed rate a lease demands, from its lag trend: a holder that falls behind by
     * {@code g} ms per ms consumes {@code 1 - g} of what comes in, so demand is {@code consumed / (1 - g)}; a holder
     * catching up ({@code g < 0}) consumes more than comes in. {@code g} is clamped to [-1, 0.8] (at most 5x); 1 when
     * either lag is unknown. A saturated holder thus shows its hot leases as heavier than their consumed rate.
     */
    static double demandFactor(MemberStatus.LeaseStatus now, MemberStatus.LeaseStatus before,
            java.time.Duration interval) {
        if (now.millisBehindLatest() < 0 || before.millisBehindLatest() < 0 || interval.isZero()) {
            return 1;
        }
        double g = (now.millisBehindLatest() - before.millisBehindLatest()) / (double) interval.toMillis();
        return 1 / (1 - Math.max(-1, Math.min(0.8, g)));
    }

    /** When this leader started tracking (a lease it finds held has been held at least that long). */
    private Instant leaderSince(Instant now) {
        if (startedAt == null) {
            startedAt = now.minus(reading.minResidence());
        }
        return startedAt;
    }

    /** Forgets everything (on losing leadership). */
    void clear() {
        startedAt = null;
        held.clear();
        seen.clear();
        firstKnown.clear();
        leases.clear();
        nextReadAt = Instant.MIN;
    }

    private void read(Instant now) {
        List<MemberStatus> read;
        try {
            read = statuses.get();
            if (failing) {
                LOG.info("{}: reading the members' status items works again", workerId);
            }
            failing = false;
        } catch (RuntimeException e) {
            if (!failing) {
                LOG.warn("{}: reading the members' status items for load-aware assignment failed: {}; keeping the "
                        + "last figures (stale after {})", workerId, e.toString(), reading.staleAfter());
            }
            failing = true;
            return;
        }
        for (MemberStatus status : read) {
            Seen previous = seen.get(status.memberId());
            if (previous != null && previous.publishedAt().equals(status.publishedAt())) {
                continue;
            }
            Map<String, MemberStatus.LeaseStatus> reported = new HashMap<>();
            for (MemberStatus.LeaseStatus l : status.leases()) {
                reported.put(l.leaseKey(), l);
                MemberStatus.LeaseStatus before = previous == null ? null : previous.leases().get(l.leaseKey());
                if (before != null) {
                    update(status.memberId(), l, before, status.interval());
                }
            }
            seen.put(status.memberId(), new Seen(status.publishedAt(), reported, now));
        }
    }

    private void update(String holder, MemberStatus.LeaseStatus report, MemberStatus.LeaseStatus before,
            java.time.Duration interval) {
        double demand = demandFactor(report, before, interval);
        LeaseLoad fresh = new LeaseLoad(Math.max(0, report.recordsPerSecond()) * demand,
                Math.max(0, report.bytesPerSecond()) * demand, report.millisBehindLatest());
        Smoothed old = leases.get(report.leaseKey());
        if (old == null || !old.holder().equals(holder)) {
            leases.put(report.leaseKey(), new Smoothed(holder, fresh));
            return;
        }
        double a = reading.smoothing();
        LeaseLoad avg = new LeaseLoad(a * fresh.recordsPerSecond() + (1 - a) * old.load().recordsPerSecond(),
                a * fresh.bytesPerSecond() + (1 - a) * old.load().bytesPerSecond(), fresh.millisBehindLatest());
        leases.put(report.leaseKey(), new Smoothed(holder, avg));
    }
}
