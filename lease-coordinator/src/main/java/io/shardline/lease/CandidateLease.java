package io.shardline.lease;

import java.util.Objects;

/** A lease the leader may assign or move, with what it knows about its owner. */
public record CandidateLease(Lease lease, OwnerStatus ownerStatus) {

    /** Checks the components (non-null where the record description does not say otherwise). */
    public CandidateLease {
        Objects.requireNonNull(lease, "lease");
        Objects.requireNonNull(ownerStatus, "ownerStatus");
    }

    /** The candidate lease's key. */
    public String leaseKey() {
        return lease.leaseKey();
    }
}
