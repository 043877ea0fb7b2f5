package io.shardline.kcl.internal.multistream;

import io.shardline.kcl.StreamIdentifier;
import io.shardline.lease.Lease;
import io.shardline.lease.LeaseToken;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Moves leases of one stream between the two spaces of a multi-stream application. Pure.
 * <ul>
 *   <li><b>key space</b>: what the coordinator, the consumers and the checkpointer see: lease key and lineage are
 *       full keys {@code account:stream:epoch:shardId}, so lineage lookups and balancing work across streams as they
 *       do for one;</li>
 *   <li><b>shard space</b>: what the per-stream shard sync sees ({@code ShardSyncer}, {@code NewLeases},
 *       {@code LeaseCleanup}, the hash-key coverage check): plain shard ids, as for a single stream;</li>
 *   <li><b>row form</b> (in the table, as KCL's {@code MultiStreamLease} writes it): full lease key, lineage
 *       ({@code parentShardId}, {@code childShardIds}) as plain shard ids.</li>
 * </ul>
 */
public final class LeaseKeys {

    private LeaseKeys() {
    }

    /** {@code lease} (key space) with key and lineage as shard ids of {@code stream}. */
    public static Lease toShardSpace(StreamIdentifier stream, Lease lease) {
        return rekey(lease, StreamIdentifier.shardIdOf(lease.leaseKey()), k -> strip(stream, k));
    }

    /** {@code lease} (shard space of {@code stream}) with key and lineage as full keys. */
    public static Lease toKeySpace(StreamIdentifier stream, Lease lease) {
        return rekey(lease, full(stream, lease.leaseKey()), k -> full(stream, k));
    }

    /** A token of shard space as a token of key space. */
    public static LeaseToken toKeySpace(StreamIdentifier stream, LeaseToken token) {
        return new LeaseToken(full(stream, token.leaseKey()), token.owner(), token.counter());
    }

    /** A row as read (lineage as shard ids) in key space; a single-stream key is returned unchanged. */
    public static Lease fromRow(Lease row) {
        return StreamIdentifier.ofLeaseKey(row.leaseKey())
                .map(id -> lineage(row, k -> full(id, k))).orElse(row);
    }

    /** A lease of key space as its row (lineage as shard ids, KCL's form); a single-stream key is unchanged. */
    public static Lease toRow(Lease lease) {
        return StreamIdentifier.ofLeaseKey(lease.leaseKey())
                .map(id -> lineage(lease, k -> strip(id, k))).orElse(lease);
    }

    /** {@code shardIdOrKey} as a lease key of {@code stream} (a full key is kept). */
    public static String full(StreamIdentifier stream, String shardIdOrKey) {
        return StreamIdentifier.ofLeaseKey(shardIdOrKey).isPresent() ? shardIdOrKey : stream.leaseKey(shardIdOrKey);
    }

    /** {@code key} as a shard id when it is a key of {@code stream}; else unchanged. */
    public static String strip(StreamIdentifier stream, String key) {
        return stream.owns(key) ? StreamIdentifier.shardIdOf(key) : key;
    }

    private static Lease rekey(Lease lease, String newKey, UnaryOperator<String> lineageKey) {
        return new Lease(newKey, lease.owner(), lease.counter(), lease.checkpoint(), lease.pendingCheckpoint(),
                lease.ownerSwitchesSinceCheckpoint(), map(lease.parentLeaseKeys(), lineageKey),
                map(lease.childLeaseKeys(), lineageKey), lease.hashKeyRange(), lease.pendingOwner(), lease.state(),
                lease.pendingState());
    }

    private static Lease lineage(Lease lease, UnaryOperator<String> lineageKey) {
        return lease.withLineage(map(lease.parentLeaseKeys(), lineageKey), map(lease.childLeaseKeys(), lineageKey),
                lease.hashKeyRange());
    }

    static Set<String> map(Set<String> keys, UnaryOperator<String> f) {
        Set<String> out = new LinkedHashSet<>();
        keys.forEach(k -> out.add(f.apply(k)));
        return out;
    }
}
