package io.shardline.kcl.internal.scheduler;

import io.shardline.kcl.StartingPosition;
import io.shardline.kcl.internal.aws.ShardDescription;
import io.shardline.kcl.internal.consumer.Lineage;
import io.shardline.lease.Lease;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which leases a shard sync creates, from the listed shards and the leases that exist. Pure.
 *
 * <p>A listed shard without lease gets one unless
 * <ul>
 *   <li>some descendant of it has a lease: the shard was consumed and its lease deleted by the cleanup, or the
 *       application started below it (at {@code LATEST}). Re-creating it would replay it after its children;</li>
 *   <li>none of its parents has (or gets) a lease and it is not a starting shard of the initial position:
 *       {@code TRIM_HORIZON}: every shard (the whole lineage from the roots, in order: children wait for parents);
 *       {@code LATEST}: open shards only; {@code AT_TIMESTAMP}: the shards open at the timestamp (ListShards with
 *       {@code ShardFilter AT_TIMESTAMP}), so shards closed before it are never read and their children start at
 *       once.</li>
 * </ul>
 * A new lease whose parent has or gets a lease starts at {@code TRIM_HORIZON} (a child of a consumed shard must not
 * skip what was written to it since the reshard, and every record of a shard created after the timestamp is after
 * it); the others start without checkpoint, at the initial position.
 */
final class NewLeases {

    private NewLeases() {
    }

    /**
     * @param timestampRoots the shards open at the {@code AT_TIMESTAMP} initial position's timestamp; ignored for the
     *                       other initial positions
     * @return the leases to create, parents first
     */
    static List<Lease> plan(ShardGraph graph, Set<String> existing, StartingPosition initial,
            Set<String> timestampRoots) {
        Set<String> leased = new HashSet<>(existing);
        List<Lease> created = new ArrayList<>();
        for (ShardDescription shard : graph.parentsFirst()) {
            String id = shard.shardId();
            if (leased.contains(id) || graph.hasDescendantIn(id, existing)) {
                continue;
            }
            Set<String> parents = ShardGraph.parentsOf(shard);
            boolean parentLeased = parents.stream().anyMatch(leased::contains);
            if (!parentLeased && !isStartingShard(shard, initial, timestampRoots)) {
                continue;
            }
            Lease lease = Lease.unowned(id).withLineage(parents, Set.of(), shard.hashKeyRange());
            created.add(parentLeased ? lease.withCheckpoint(Lineage.trimHorizonCheckpoint()) : lease);
            leased.add(id);
        }
        return created;
    }

    private static boolean isStartingShard(ShardDescription shard, StartingPosition initial,
            Set<String> timestampRoots) {
        return switch (initial.kind()) {
            case TRIM_HORIZON -> true;
            case LATEST -> !shard.isClosed();
            case AT_TIMESTAMP -> timestampRoots.contains(shard.shardId());
            default -> throw new IllegalArgumentException("not an initial position: " + initial);
        };
    }
}
