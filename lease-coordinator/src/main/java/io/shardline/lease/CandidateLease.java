package io.shardline.lease;

import java.util.Objects;

/** A lease the leader may assign or move, with what it knows about its owner. */
public record CandidateLease(Lease lease, OwnerStatus ownerStatus) {

    public CandidateLease {
        Objects.requireNonNull(lease, "lease");
        Objects.requireNonNull(ownerStatus, "ownerStatus");
    }

    public String leaseKey() {
        return lease.leaseKey();
    }
}
