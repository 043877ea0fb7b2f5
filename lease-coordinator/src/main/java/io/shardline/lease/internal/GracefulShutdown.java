package io.shardline.lease.internal;

import io.shardline.lease.Lease;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leaving worker's side of a graceful shutdown: gives up leadership, announces a handoff of every owned lease
 * to the least-loaded live member it observes (loads from one lease scan; a release when no member is live),
 * moves each after its confirmation or after {@code handoffTimeout}, and deletes the member item once nothing is
 * left. Coordinator thread only.
 */
final class GracefulShutdown {

    private static final Logger LOG = LoggerFactory.getLogger(GracefulShutdown.class);

    /** Announces a handoff of an owned lease (emits {@code HandoffRequested}). */
    @FunctionalInterface
    interface Announcer {
        void announce(OwnedLeases.Entry entry, String target, Instant forceAt);
    }

    private final CoordinatorContext ctx;
    private final OwnedLeases owned;
    private final MemberObserver observer;
    private final LeaderElector elector;
    private final HandoffCompleter completer;
    private final Announcer announcer;
    private Map<String, Integer> loads;

    GracefulShutdown(CoordinatorContext ctx, OwnedLeases owned, MemberObserver observer, LeaderElector elector,
            HandoffCompleter completer, Announcer announcer) {
        this.ctx = ctx;
        this.owned = owned;
        this.observer = observer;
        this.elector = elector;
        this.completer = completer;
        this.announcer = announcer;
    }

    /** One leaving round: release leadership, announce handoffs of new leases, move the expired ones. */
    void round(Instant now) {
        elector.release();
        Instant forceAt = now.plus(ctx.config().handoffTimeout());
        for (OwnedLeases.Entry e : owned.entriesCopy()) {
            if (!e.hold().isHandoffPending()) {
                announcer.announce(e, chooseTarget(), forceAt);
            } else {
                owned.forceBy(e.leaseKey(), forceAt); // when requested by the leader before we started leaving
                String target = e.hold().target();
                if (target != null && observer.status(target) != MemberObserver.Status.LIVE) {
                    owned.retarget(e.leaseKey(), chooseTarget()); // the target died meanwhile
                }
            }
        }
        completer.forceExpired(now);
    }

    /** Between rounds: moves handoffs whose confirmation time is up. */
    void expire(Instant now) {
        completer.forceExpired(now);
    }

    /** The next instant an unconfirmed handoff must be moved, or null. */
    Instant nextDeadline() {
        Instant next = null;
        for (OwnedLeases.Entry e : owned.entries()) {
            if (e.hold() instanceof OwnedLeases.HandoffAnnounced a && a.forceAt() != null
                    && (next == null || a.forceAt().isBefore(next))) {
                next = a.forceAt();
            }
        }
        return next;
    }

    boolean isDone() {
        return owned.isEmpty() && !elector.isLeader();
    }

    /** Deletes the member item (once; on failure peers see the member dead after {@code failoverTimeout}). */
    void finish() {
        try {
            ctx.coordination().removeMember(ctx.workerId());
            LOG.info("{}: left the group", ctx.workerId());
        } catch (RuntimeException e) {
            ctx.guard().failed("member removal", e);
        }
    }

    private String chooseTarget() {
        List<String> candidates = observer.acceptingMembers().stream()
                .filter(m -> !m.equals(ctx.workerId()))
                .toList();
        if (candidates.isEmpty()) {
            return null;
        }
        if (loads == null) {
            loads = readLoads();
        }
        String best = candidates.get(0);
        for (String m : candidates) {
            if (loads.getOrDefault(m, 0) < loads.getOrDefault(best, 0)) {
                best = m;
            }
        }
        loads.merge(best, 1, Integer::sum);
        return best;
    }

    private Map<String, Integer> readLoads() {
        Map<String, Integer> out = new HashMap<>();
        try {
            for (Lease l : ctx.leases().list()) {
                if (l.owner() != null) {
                    out.merge(l.owner(), 1, Integer::sum);
                }
            }
        } catch (RuntimeException e) {
            ctx.guard().failed("lease scan", e); // spread evenly instead
        }
        return out;
    }
}
