package io.shardline.lease;

/** What the leader knows about the owner of a lease when it plans an assignment round. */
public enum OwnerStatus {
    /** No owner ({@code leaseOwner} absent): assign now. */
    UNOWNED,
    /** Owned by a live member that accepts leases: may be moved for balance with a graceful handoff. */
    LIVE,
    /** Owned by a live member that is shutting down: it hands the lease off itself; do not touch. */
    LEAVING,
    /**
     * Owned by a worker that is not a Shardline member (a KCL worker during a rolling migration) whose
     * {@code leaseCounter} changed within {@code foreignOwnerTimeout}: live, do not touch.
     */
    FOREIGN_LIVE,
    /**
     * Owned by a member that stopped heartbeating for {@code failoverTimeout}, a member that left, or a foreign
     * owner whose counter stopped for {@code foreignOwnerTimeout}: an orphan, assign now.
     */
    DEAD;

    /** Whether a lease with this owner status is an orphan to be assigned at once. */
    public boolean isOrphan() {
        return this == UNOWNED || this == DEAD;
    }
}
