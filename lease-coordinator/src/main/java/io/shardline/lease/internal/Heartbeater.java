package io.shardline.lease.internal;

import io.shardline.lease.Member;
import java.time.Instant;

/**
 * Writes this worker's heartbeat and knows how long the worker may still act on it. The time recorded is when the
 * request was <em>sent</em> ({@code now} of the round, before the call): peers first see the new counter value no
 * earlier than that, and declare the worker dead no earlier than {@code failoverTimeout} later on their own clocks.
 * The worker stops {@code selfFenceMargin} before that ({@link #fenceDeadline()}).
 */
final class Heartbeater {

    private final CoordinatorContext ctx;
    private Instant lastSuccessSentAt;
    private Member lastMember;

    Heartbeater(CoordinatorContext ctx) {
        this.ctx = ctx;
    }

    /** One heartbeat write sent at {@code now}; the member item after the write, or null when it failed. */
    Member beat(Instant now, boolean leaving) {
        try {
            Member m = ctx.coordination().heartbeat(ctx.workerId(), leaving);
            ctx.guard().succeeded("heartbeat");
            lastSuccessSentAt = now;
            lastMember = m;
            return m;
        } catch (RuntimeException e) {
            ctx.guard().failed("heartbeat", e);
            return null;
        }
    }

    /**
     * When this worker must stop acting on its leases unless a heartbeat succeeds first: last successful send +
     * {@code failoverTimeout - selfFenceMargin}. Null before the first successful heartbeat.
     */
    Instant fenceDeadline() {
        return lastSuccessSentAt == null ? null : lastSuccessSentAt.plus(ctx.fenceAfter());
    }

    /** Whether a heartbeat succeeded and its fence deadline has not passed at {@code now}. */
    boolean isHealthy(Instant now) {
        Instant deadline = fenceDeadline();
        return deadline != null && now.isBefore(deadline);
    }

    /** The member item as last returned by a successful heartbeat, or null. */
    Member lastMember() {
        return lastMember;
    }
}
