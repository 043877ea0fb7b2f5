package io.shardline.lease;

import java.util.List;
import java.util.Objects;

/**
 * The writes one assignment round makes.
 *
 * @param assignments orphans ({@link OwnerStatus#isOrphan()}) given to a member at once: one fenced
 *                    {@link LeaseStore#transfer} each
 * @param handoffs    {@link OwnerStatus#LIVE} leases moved with a graceful handoff: one fenced
 *                    {@link LeaseStore#requestHandoff} each; the owner completes the move after its final checkpoint
 */
public record AssignmentPlan(List<Assignment> assignments, List<Handoff> handoffs) {

    /** Checks the components (non-null where the record description does not say otherwise). */
    public AssignmentPlan {
        assignments = List.copyOf(Objects.requireNonNull(assignments, "assignments"));
        handoffs = List.copyOf(Objects.requireNonNull(handoffs, "handoffs"));
    }

    /** A plan that changes nothing. */
    public static AssignmentPlan empty() {
        return new AssignmentPlan(List.of(), List.of());
    }

    /** True when the plan has neither assignments nor handoffs. */
    public boolean isEmpty() {
        return assignments.isEmpty() && handoffs.isEmpty();
    }

    /** Give orphan {@code lease} to {@code owner} now. */
    public record Assignment(Lease lease, String owner) {
        /** Checks the components (non-null where the record description does not say otherwise). */
        public Assignment {
            Objects.requireNonNull(lease, "lease");
            Objects.requireNonNull(owner, "owner");
        }
    }

    /** Ask the owner of {@code lease} to hand it to {@code target}. */
    public record Handoff(Lease lease, String target) {
        /** Checks the components (non-null where the record description does not say otherwise). */
        public Handoff {
            Objects.requireNonNull(lease, "lease");
            Objects.requireNonNull(target, "target");
        }
    }
}
