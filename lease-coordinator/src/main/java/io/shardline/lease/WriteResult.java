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
        /** Checks the components (non-null where the record description does not say otherwise). */
        public Ok {
            Objects.requireNonNull(lease, "lease");
        }
    }

    /** The condition failed: the caller's token is stale (or the row no longer exists). Nothing was written. */
    record Fenced(String leaseKey) implements WriteResult {
        /** Checks the components (non-null where the record description does not say otherwise). */
        public Fenced {
            Objects.requireNonNull(leaseKey, "leaseKey");
        }
    }

    /** True when the write was applied. */
    default boolean isOk() {
        return this instanceof Ok;
    }

    /** The write was applied; {@code lease} is the lease as written. */
    static WriteResult ok(Lease lease) {
        return new Ok(lease);
    }

    /** The conditional write was rejected: another owner or counter. */
    static WriteResult fenced(String leaseKey) {
        return new Fenced(leaseKey);
    }
}
