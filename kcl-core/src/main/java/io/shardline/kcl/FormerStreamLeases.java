package io.shardline.kcl;

import java.time.Duration;
import java.util.Collection;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What happens to the leases of a stream that left the {@link StreamTracker} (KCL's
 * {@code FormerStreamsLeasesDeletionStrategy}). In every case the stream's shards stop being processed once the
 * tracker no longer lists it: each worker gives its processors of the stream {@code shutdownRequested} (they
 * checkpoint) and releases the leases, and the leader assigns them no more. The strategies differ in what stays in
 * the lease table:
 * <ul>
 *   <li>{@link #keep()} (KCL {@code NoLeaseDeletionStrategy}): the leases stay with their checkpoints; if the stream
 *       comes back it resumes after them. The default.</li>
 *   <li>{@link #deleteAfter(Duration)} (KCL {@code AutoDetectionAndDeferredDeletionStrategy}): the leader deletes
 *       them once the stream has been absent from the tracker for the wait.</li>
 *   <li>{@link #deleteListed(Supplier, Duration)} (KCL {@code ProvidedStreamsDeferredDeletionStrategy}): the leader
 *       deletes the leases of a stream the supplier names (and the tracker does not), once it has named it for the
 *       wait.</li>
 * </ul>
 * Deletes are conditional on the lease as read (owner and counter), so a lease that moved in between is left for the
 * next round.
 */
public sealed interface FormerStreamLeases {

    /** Leases of former streams stay. */
    static FormerStreamLeases keep() {
        return Keep.INSTANCE;
    }

    /** Leases of a stream absent from the tracker for {@code delay} are deleted by the leader. */
    static FormerStreamLeases deleteAfter(Duration delay) {
        return new DeleteAfter(delay);
    }

    /** Leases of the streams {@code streams} names (polled with the tracker) are deleted after {@code delay}. */
    static FormerStreamLeases deleteListed(Supplier<? extends Collection<StreamIdentifier>> streams, Duration delay) {
        return new DeleteListed(streams, delay);
    }

    /** Keep every lease of a former stream. */
    enum Keep implements FormerStreamLeases {
        INSTANCE;

        @Override
        public String toString() {
            return "keep";
        }
    }

    /** @param delay how long a stream is absent from the tracker before its leases are deleted ({@code >= 0}) */
    record DeleteAfter(Duration delay) implements FormerStreamLeases {
        public DeleteAfter {
            nonNegative(delay);
        }
    }

    /**
     * @param streams the streams whose leases may go (polled with the tracker; a stream the tracker lists is never
     *                deleted)
     * @param delay   how long a stream is named before its leases are deleted ({@code >= 0})
     */
    record DeleteListed(Supplier<? extends Collection<StreamIdentifier>> streams, Duration delay)
            implements FormerStreamLeases {
        public DeleteListed {
            Objects.requireNonNull(streams, "FormerStreamLeases.streams is required, was null");
            nonNegative(delay);
        }
    }

    private static void nonNegative(Duration delay) {
        if (delay == null || delay.isNegative()) {
            throw new IllegalArgumentException("FormerStreamLeases.delay must be zero or positive, was " + delay);
        }
    }
}
