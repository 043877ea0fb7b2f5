package io.shardline.lease;

import java.util.Objects;

/**
 * What changed about this worker's leases. Delivered to the {@link LeaseListener} on the coordinator thread, in the
 * order they happened; for one lease a {@link Lost} always precedes the next {@link Acquired}.
 */
public sealed interface LeaseEvent {

    /** The lease the event is about. */
    String leaseKey();

    /**
     * This worker owns {@code lease} now; {@code lease.token()} is the fence its checkpoints must carry. Start
     * processing from {@code lease.checkpoint()}.
     */
    record Acquired(Lease lease) implements LeaseEvent {
        /** Checks the components (non-null where the record description does not say otherwise). */
        public Acquired {
            Objects.requireNonNull(lease, "lease");
        }

        @Override
        public String leaseKey() {
            return lease.leaseKey();
        }
    }

    /**
     * This worker no longer owns the lease (or, for {@link LossReason#SELF_FENCED}, may no longer assume it does):
     * stop processing at once and do not checkpoint (a checkpoint would come back fenced).
     */
    record Lost(String leaseKey, LossReason reason) implements LeaseEvent {
        /** Checks the components (non-null where the record description does not say otherwise). */
        public Lost {
            Objects.requireNonNull(leaseKey, "leaseKey");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * The lease is to move to {@code targetOwner} (the leader balancing, or this worker shutting down;
     * {@code targetOwner} is null when it shuts down with no live peer, and the lease will be released). The
     * lease is still owned: stop fetching, let the in-flight batch finish, checkpoint, then call
     * {@link LeaseCoordinator#completeHandoff(String)}. Until then nothing moves; after {@code handoffTimeout} the
     * move is forced and the old owner's checkpoints are fenced. Emitted once per lease token.
     */
    record HandoffRequested(Lease lease, String targetOwner) implements LeaseEvent {
        /** Checks the components (non-null where the record description does not say otherwise). */
        public HandoffRequested {
            Objects.requireNonNull(lease, "lease");
        }

        @Override
        public String leaseKey() {
            return lease.leaseKey();
        }
    }
}
