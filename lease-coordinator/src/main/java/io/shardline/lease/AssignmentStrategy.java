package io.shardline.lease;

import io.shardline.lease.internal.CountBalancedAssignment;
import io.shardline.lease.internal.LoadAwareAssignment;
import java.util.Optional;

/**
 * Decides, on the leader, which member holds which lease. Called on the coordinator thread once per assignment round
 * (on a membership change, and every {@code leaseScanInterval}); must be fast, side-effect free and must not block.
 *
 * <p>A plan may only assign orphans ({@link OwnerStatus#isOrphan()}) and hand off {@link OwnerStatus#LIVE} leases,
 * and only to {@link AssignmentInput#members()}; the coordinator skips (and logs) anything else. Every write it
 * leads to is fenced on the lease's token, so a plan made from a stale read is harmless: the write is rejected and
 * the next round plans again.
 */
@FunctionalInterface
public interface AssignmentStrategy {

    /** The assignments and handoffs for {@code input}; must not block or call the stores. */
    AssignmentPlan plan(AssignmentInput input);

    /**
     * The default: lease counts balanced within ±1 with the fewest moves. Every orphan goes to the least-loaded
     * members in one round; a member above its quota ({@code floor(n/W)} or {@code ceil(n/W)}, the {@code ceil}
     * quotas going to the members already holding most, every quota capped at {@code maxLeasesPerWorker}) hands its
     * surplus to members below theirs. Nothing else moves (sticky).
     */
    static AssignmentStrategy countBalanced() {
        return CountBalancedAssignment.INSTANCE;
    }

    /**
     * Balances the members' load (the sum of their leases' {@link LoadWeight}) with the fewest moves: orphans go,
     * heaviest first, to the least-loaded member; then, up to {@code maxMovesPerRound} times, a lease moves from a
     * loaded member to the least-loaded one when that lowers the heavier of the two by at least
     * {@code improvementMargin x mean load} (hysteresis). No load move while a handoff is in flight or a lease has no
     * rate yet (it just moved); the plan is {@link #countBalanced()}'s when a member that holds leases does not report
     * (status publishing off, or silent for {@code staleAfter}). See {@link LoadAwareConfig}.
     */
    static AssignmentStrategy loadAware(LoadAwareConfig config) {
        return new LoadAwareAssignment(config);
    }

    /** {@link #loadAware(LoadAwareConfig)} with {@link LoadAwareConfig#defaults()}. */
    static AssignmentStrategy loadAware() {
        return loadAware(LoadAwareConfig.defaults());
    }

    /**
     * Whether, and how, the leader reads the load members publish for this strategy
     * ({@link AssignmentInput#load()}). The default: it does not ({@link FleetLoad#unknown()}, no read at all).
     */
    default Optional<LoadReading> loadReading() {
        return Optional.empty();
    }
}
