package io.shardline.lease;

import java.util.Objects;

/**
 * Outcome of a fenced (conditional) write. Losing the fence is an outcome, not an exception: a {@link Fenced}
 * result means another worker owns the lease now, its counter moved, or the row is gone. Storage failures
 * (throttling, outages) are {@link LeaseStoreException}s instead.
 */
public sealed interface WriteResult {

    /** The write was applied; {@code lease} is the row as it is after the write. */
    record Ok(Lease lease) implements WriteResult {
        public Ok {
            Objects.requireNonNull(lease, "lease");
        }
    }

    /** The condition failed: the caller's token is stale (or the row no longer exists). Nothing was written. */
    record Fenced(String leaseKey) implements WriteResult {
        public Fenced {
            Objects.requireNonNull(leaseKey, "leaseKey");
        }
    }

    default boolean isOk() {
        return this instanceof Ok;
    }

    static WriteResult ok(Lease lease) {
        return new Ok(lease);
    }

    static WriteResult fenced(String leaseKey) {
        return new Fenced(leaseKey);
    }
}
