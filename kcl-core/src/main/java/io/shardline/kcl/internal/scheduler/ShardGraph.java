package io.shardline.kcl.internal.scheduler;

import io.shardline.kcl.internal.aws.ShardDescription;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The stream's shard lineage as one {@code ListShards} answer describes it: parents, children, and an order in which
 * every listed parent comes before its children. Parents that are not listed (gone from retention) are simply absent.
 * Immutable; pure.
 */
final class ShardGraph {

    private final Map<String, ShardDescription> byId = new HashMap<>();
    private final Map<String, Set<String>> children = new HashMap<>();
    private final List<ShardDescription> parentsFirst;

    ShardGraph(Collection<ShardDescription> shards) {
        shards.forEach(s -> byId.put(s.shardId(), s));
        for (ShardDescription s : shards) {
            for (String parent : parentsOf(s)) {
                children.computeIfAbsent(parent, p -> new TreeSet<>()).add(s.shardId());
            }
        }
        this.parentsFirst = order(shards);
    }

    /** The parents of {@code shard} as Kinesis reports them (listed or not). */
    static Set<String> parentsOf(ShardDescription shard) {
        Set<String> parents = new LinkedHashSet<>();
        if (shard.parentShardId() != null) {
            parents.add(shard.parentShardId());
        }
        if (shard.adjacentParentShardId() != null) {
            parents.add(shard.adjacentParentShardId());
        }
        return parents;
    }

    boolean isListed(String shardId) {
        return byId.containsKey(shardId);
    }

    ShardDescription shard(String shardId) {
        return byId.get(shardId);
    }

    /** The listed shards whose parents include {@code shardId}. */
    Set<String> childrenOf(String shardId) {
        return children.getOrDefault(shardId, Set.of());
    }

    /** Every listed shard, parents before children, then by shard id. */
    List<ShardDescription> parentsFirst() {
        return parentsFirst;
    }

    int size() {
        return byId.size();
    }

    /** Whether some listed descendant of {@code shardId} (child, grandchild, ...) is in {@code keys}. */
    boolean hasDescendantIn(String shardId, Set<String> keys) {
        Set<String> seen = new HashSet<>();
        List<String> frontier = new ArrayList<>(childrenOf(shardId));
        while (!frontier.isEmpty()) {
            String next = frontier.remove(frontier.size() - 1);
            if (!seen.add(next)) {
                continue;
            }
            if (keys.contains(next)) {
                return true;
            }
            frontier.addAll(childrenOf(next));
        }
        return false;
    }

    private List<ShardDescription> order(Collection<ShardDescription> shards) {
        Map<String, Integer> depths = new HashMap<>();
        shards.forEach(s -> depth(s, depths, 0));
        List<ShardDescription> ordered = new ArrayList<>(shards);
        ordered.sort(Comparator.<ShardDescription>comparingInt(s -> depths.get(s.shardId()))
                .thenComparing(ShardDescription::shardId));
        return List.copyOf(ordered);
    }

    private int depth(ShardDescription shard, Map<String, Integer> depths, int guard) {
        Integer known = depths.get(shard.shardId());
        if (known != null) {
            return known;
        }
        int depth = 0;
        for (String parent : parentsOf(shard)) {
            ShardDescription p = byId.get(parent);
            if (p != null && guard < byId.size()) {
                depth = Math.max(depth, 1 + depth(p, depths, guard + 1));
            }
        }
        depths.put(shard.shardId(), depth);
        return depth;
    }
}
