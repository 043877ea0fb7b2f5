package io.shardline.kcl.internal.multistream;

import io.shardline.kcl.FormerStreamLeases;
import io.shardline.kcl.StreamIdentifier;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Which former streams' leases the leader deletes now, by the {@link FormerStreamLeases} strategy. Keeps, per
 * candidate stream, the monotonic time it was first seen a candidate; a stream that stops being one (tracked again,
 * no longer named, no leases left) starts over. Pure apart from that memory; one thread.
 */
public final class FormerStreams {

    private final Map<StreamIdentifier, Long> candidateSince = new HashMap<>();

    /**
     * @param strategy  the tracker's strategy
     * @param inTable   the streams that have leases in the table
     * @param tracked   the streams tracked now (never deleted)
     * @param listed    for {@link FormerStreamLeases.DeleteListed}: the streams its supplier names now (else ignored)
     * @param nowNanos  monotonic now
     * @return the streams whose leases are to be deleted now
     */
    public Set<StreamIdentifier> toDelete(FormerStreamLeases strategy, Set<StreamIdentifier> inTable,
            Set<StreamIdentifier> tracked, Collection<StreamIdentifier> listed, long nowNanos) {
        Set<StreamIdentifier> candidates = new LinkedHashSet<>();
        Duration wait = Duration.ZERO;
        if (strategy instanceof FormerStreamLeases.DeleteAfter after) {
            candidates.addAll(inTable);
            wait = after.delay();
        } else if (strategy instanceof FormerStreamLeases.DeleteListed named) {
            candidates.addAll(listed);
            candidates.retainAll(inTable);
            wait = named.delay();
        }
        candidates.removeAll(tracked);
        candidateSince.keySet().retainAll(candidates);
        Set<StreamIdentifier> due = new LinkedHashSet<>();
        for (StreamIdentifier stream : candidates) {
            long since = candidateSince.computeIfAbsent(stream, s -> nowNanos);
            if (nowNanos - since >= wait.toNanos()) {
                due.add(stream);
            }
        }
        return due;
    }
}
