package io.shardline.lease.internal;

import io.shardline.lease.LeaderRecord;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes, keeps and gives up the leader item. Every worker observes the item every round; the item is expired when
 * this worker's listings prove it unchanged (holder, term, heartbeat) for {@code failoverTimeout}, and then (or when
 * there is no item) a worker that may lead tries a conditional take. Two candidates at once: the store lets one
 * win. The leader renews every round and stops leading when the renewal is refused, or when no renewal succeeded
 * for {@code failoverTimeout - selfFenceMargin} (peers may take over after {@code failoverTimeout}). Leader actions
 * are fenced lease writes, so a short overlap of two leaders is harmless. Coordinator thread only.
 */
final class LeaderElector {

    private static final Logger LOG = LoggerFactory.getLogger(LeaderElector.class);
    private static final String ITEM = "leader";

    private final CoordinatorContext ctx;
    private final LivenessTracker<String, Optional<LeaderRecord>> observed;
    private LeaderRecord held;
    private Instant lastRenewSentAt;
    private boolean coldStart;

    LeaderElector(CoordinatorContext ctx) {
        this.ctx = ctx;
        this.observed = new LivenessTracker<>(ctx.config().failoverTimeout());
    }

    /** Records the leader item (null: none) as read at {@code now}. */
    void observe(LeaderRecord record, Instant now) {
        observed.observe(ITEM, Optional.ofNullable(record), now);
    }

    /** Records the leader item as read from {@code sentAt} to {@code receivedAt} (see LivenessTracker). */
    void observe(LeaderRecord record, Instant sentAt, Instant receivedAt) {
        observed.observe(ITEM, Optional.ofNullable(record), sentAt, receivedAt);
    }

    /** The next instant after {@code now} at which an observation could prove the leader item expired, or null. */
    Instant nextExpiryAfter(Instant now) {
        return held == null ? observed.nextExpiryAfter(now) : null;
    }

    boolean isLeader() {
        return held != null;
    }

    /**
     * Whether this worker's current leadership began on an empty leader item (no leader before, or one released at
     * shutdown) rather than by taking over an expired leader.
     */
    boolean isColdStart() {
        return coldStart;
    }

    /**
     * One leader step at {@code now}, after a fresh observation: renew when leading, else try to take an absent or
     * expired item when {@code mayLead}.
     *
     * @return true when this worker became leader in this step
     */
    boolean round(Instant now, boolean mayLead) {
        if (held != null) {
            renew(now);
            return false;
        }
        return mayLead && tryAcquire(now);
    }

    /** Stops leading without touching the store (self-fencing). */
    void stepDown(String why) {
        if (held != null) {
            LOG.info("{}: stops leading (term {}): {}", ctx.workerId(), held.term(), why);
            held = null;
        }
    }

    /** Deletes the leader item if held (graceful shutdown), so peers take over at once. False when it failed. */
    boolean release() {
        if (held == null) {
            return true;
        }
        try {
            ctx.coordination().releaseLeader(held);
            ctx.guard().succeeded("leader release");
            stepDown("released (shutdown)");
            return true;
        } catch (RuntimeException e) {
            ctx.guard().failed("leader release", e);
            return false;
        }
    }

    /** When leadership must be given up unless a renewal succeeds first; null when not leading. */
    Instant fenceDeadline() {
        return held == null ? null : lastRenewSentAt.plus(ctx.fenceAfter());
    }

    private void renew(Instant now) {
        try {
            LeaderRecord renewed = ctx.coordination().renewLeader(held);
            ctx.guard().succeeded("leader renewal");
            if (renewed == null) {
                stepDown("leader item taken by another worker");
                return;
            }
            held = renewed;
            lastRenewSentAt = now;
            observe(renewed, now);
        } catch (RuntimeException e) {
            ctx.guard().failed("leader renewal", e);
            if (!now.isBefore(fenceDeadline())) {
                stepDown("could not renew for " + ctx.fenceAfter());
            }
        }
    }

    private boolean tryAcquire(Instant now) {
        if (!observed.contains(ITEM)) {
            return false;
        }
        LeaderRecord current = observed.value(ITEM).flatMap(o -> o).orElse(null);
        if (current != null && !observed.isExpired(ITEM)) {
            return false;
        }
        try {
            LeaderRecord taken = ctx.coordination().tryAcquireLeader(ctx.workerId(), current);
            ctx.guard().succeeded("leader acquisition");
            if (taken == null) {
                return false;
            }
            held = taken;
            lastRenewSentAt = now;
            coldStart = current == null;
            observe(taken, now);
            ctx.counters().leaderAcquired.increment();
            LOG.info("{}: became leader (term {}, previous: {})", ctx.workerId(), taken.term(),
                    current == null ? "none" : current.holder());
            return true;
        } catch (RuntimeException e) {
            ctx.guard().failed("leader acquisition", e);
            return false;
        }
    }
}
