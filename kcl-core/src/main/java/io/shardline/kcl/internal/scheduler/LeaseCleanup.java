package io.shardline.kcl.internal.scheduler;

import io.shardline.checkpoint.ExtendedSequenceNumber;
import io.shardline.kcl.internal.consumer.Lineage;
import io.shardline.lease.Lease;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which finished leases are no longer needed, from one lease scan and one {@code ListShards} answer. Pure. Only
 * finished leases ({@code SHARD_END}) are ever candidates, and a finished lease counts as finished for its children
 * whether it exists or not, so no deletion changes what may be processed; the rules below also make sure a deleted
 * lease is never re-created by a shard sync (which skips a shard with a leased descendant).
 * <ul>
 *   <li>{@link Reason#RETENTION}: the shard is no longer listed (its records expired): nothing can re-create it.</li>
 *   <li>{@link Reason#CONSUMED}: every parent of the shard is gone from the table, and it has at least one child and
 *       every child (listed, recorded on the lease, or pointing at it) has a lease checkpointed past its start (a
 *       sequence number or {@code SHARD_END}): the children's leases keep the lineage alive.</li>
 * </ul>
 */
final class LeaseCleanup {

    /** Why a lease may go. */
    enum Reason { RETENTION, CONSUMED }

    /** A lease to delete (with the token read in the scan: the delete is fenced on it). */
    record Deletion(Lease lease, Reason reason) {
    }

    private LeaseCleanup() {
    }

    static List<Deletion> deletable(Collection<Lease> leases, ShardGraph graph) {
        List<Deletion> out = new ArrayList<>();
        if (graph.size() == 0) {
            return out; // an empty answer proves nothing
        }
        Map<String, Lease> byKey = new HashMap<>();
        Map<String, Set<String>> pointingAt = new HashMap<>();
        for (Lease l : leases) {
            byKey.put(l.leaseKey(), l);
            l.parentLeaseKeys().forEach(p -> pointingAt.computeIfAbsent(p, k -> new TreeSet<>()).add(l.leaseKey()));
        }
        for (Lease l : leases) {
            if (!Lineage.isFinished(l)) {
                continue;
            }
            if (!graph.isListed(l.leaseKey())) {
                out.add(new Deletion(l, Reason.RETENTION));
            } else if (parentsGone(l, byKey) && childrenStarted(l, graph, byKey, pointingAt)) {
                out.add(new Deletion(l, Reason.CONSUMED));
            }
        }
        return out;
    }

    private static boolean parentsGone(Lease lease, Map<String, Lease> byKey) {
        return lease.parentLeaseKeys().stream().noneMatch(byKey::containsKey);
    }

    private static boolean childrenStarted(Lease lease, ShardGraph graph, Map<String, Lease> byKey,
            Map<String, Set<String>> pointingAt) {
        Set<String> children = new TreeSet<>(graph.childrenOf(lease.leaseKey()));
        children.addAll(lease.childLeaseKeys());
        children.addAll(pointingAt.getOrDefault(lease.leaseKey(), Set.of()));
        return !children.isEmpty() && children.stream().allMatch(c -> isPastStart(byKey.get(c)));
    }

    /** True when the lease exists and checkpointed a record or its end (not a starting sentinel, not none). */
    static boolean isPastStart(Lease lease) {
        if (lease == null || lease.checkpoint() == null) {
            return false;
        }
        try {
            ExtendedSequenceNumber checkpoint = ExtendedSequenceNumber.fromCheckpoint(lease.checkpoint());
            return !checkpoint.isSentinel() || checkpoint.isShardEnd();
        } catch (IllegalArgumentException unreadable) {
            return false; // not a checkpoint we understand: keep the parent
        }
    }
}
