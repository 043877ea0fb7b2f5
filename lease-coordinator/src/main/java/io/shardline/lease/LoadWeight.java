package io.shardline.lease;

/**
 * The weight of a lease for a load-aware {@link AssignmentStrategy}: one number, the larger the busier. Must be
 * fast, pure, finite and {@code >= 0}.
 */
@FunctionalInterface
public interface LoadWeight {

    /** The weight of a lease with {@code load}. */
    double of(LeaseLoad load);

    /** Records per second (the default: processing cost is usually per record). */
    static LoadWeight recordsPerSecond() {
        return LeaseLoad::recordsPerSecond;
    }

    /** Payload bytes per second. */
    static LoadWeight bytesPerSecond() {
        return LeaseLoad::bytesPerSecond;
    }

    /**
     * {@code perRecord x records/s + perKiB x KiB/s}: for processors whose cost has a per-record and a per-byte part.
     */
    static LoadWeight linear(double perRecord, double perKiB) {
        if (!(perRecord >= 0) || !(perKiB >= 0) || Double.isInfinite(perRecord) || Double.isInfinite(perKiB)
                || perRecord + perKiB == 0) {
            throw new IllegalArgumentException("perRecord and perKiB must be finite, >= 0 and not both 0, were "
                    + perRecord + " and " + perKiB);
        }
        return l -> perRecord * l.recordsPerSecond() + perKiB * l.bytesPerSecond() / 1024.0;
    }
}
