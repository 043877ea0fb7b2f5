package io.shardline.benchmarks.cost;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/** Whether the lease owners a scenario sees ({@code shardId -> workerId}) cover every shard, spread within +-1. */
final class LeaseBalance {

    private LeaseBalance() {
    }

    /**
     * True when all {@code shards} are owned, every one of {@code workers} owns at least
     * {@code floor(shards / workers)} and at most one more.
     */
    static boolean balanced(Map<String, String> owners, int shards, Collection<String> workers) {
        if (owners.size() != shards || workers.isEmpty()) {
            return false;
        }
        Map<String, Integer> held = new HashMap<>();
        workers.forEach(w -> held.put(w, 0));
        for (String owner : owners.values()) {
            if (!held.containsKey(owner)) {
                return false;
            }
            held.merge(owner, 1, Integer::sum);
        }
        int min = shards / workers.size();
        int max = min + (shards % workers.size() == 0 ? 0 : 1);
        return held.values().stream().allMatch(n -> n >= min && n <= max);
    }
}
