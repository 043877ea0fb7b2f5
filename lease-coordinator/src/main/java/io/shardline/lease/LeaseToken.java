package io.shardline.lease;

import java.util.Objects;

/**
 * The fence a lease mutation or checkpoint must match: the row's {@code leaseOwner} equals {@code owner}
 * ({@code null}: no owner) and its {@code leaseCounter} equals {@code counter}. A zombie holding a stale token can
 * never overwrite the new owner's progress.
 */
public record LeaseToken(String leaseKey, String owner, long counter) {

    /** Checks the components (non-null where the record description does not say otherwise). */
    public LeaseToken {
        Objects.requireNonNull(leaseKey, "leaseKey");
        if (counter < 0) {
            throw new IllegalArgumentException("counter must be >= 0 for lease " + leaseKey + ", was " + counter);
        }
    }
}
