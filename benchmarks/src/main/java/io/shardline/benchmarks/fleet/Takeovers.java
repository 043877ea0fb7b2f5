package io.shardline.benchmarks.fleet;

import io.shardline.benchmarks.harness.WorkerLine.Delivery;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * How the shards that moved away from their owners at {@code fromMillis} (a worker killed, shut down, or a newcomer
 * taking its share) came back into processing, computed from delivery lines. Pure: no I/O, no clock.
 *
 * @param previousOwners each moved shard and the worker that owned it at {@code fromMillis}
 * @param fromMillis when the move began (the driver's clock, the same as the workers' on one machine)
 */
record Takeovers(Map<String, String> previousOwners, long fromMillis) {

    Takeovers {
        previousOwners = Map.copyOf(previousOwners);
        if (previousOwners.isEmpty()) {
            throw new IllegalArgumentException("previousOwners must not be empty: no shard moved at " + fromMillis);
        }
    }

    /** Every shard of {@code shards} leaves {@code leaving} at {@code fromMillis}. */
    static Takeovers leaving(Collection<String> shards, String leaving, long fromMillis) {
        Map<String, String> owners = new HashMap<>();
        shards.forEach(s -> owners.put(s, leaving));
        return new Takeovers(owners, fromMillis);
    }

    Set<String> shards() {
        return previousOwners.keySet();
    }

    /**
     * Per shard that has come back: milliseconds from {@code fromMillis} to its first delivery (any record, a
     * redelivery included) at a worker other than its previous owner. Sorted by shard.
     */
    Map<String, Long> millisToFirstDelivery(List<Delivery> deliveries) {
        Map<String, Long> times = new TreeMap<>();
        for (Delivery d : deliveries) {
            if (elsewhereAfterwards(d)) {
                times.merge(d.shardId(), d.atMillis() - fromMillis, Math::min);
            }
        }
        return times;
    }

    /** Whether every shard has come back: delivered a record at a worker other than its previous owner. */
    boolean allBack(List<Delivery> deliveries) {
        return millisToFirstDelivery(deliveries).size() == previousOwners.size();
    }

    /**
     * Whether every shard has delivered, at a worker other than its previous owner, a record put at or after
     * {@code fromMillis}: from then on any redelivery of older records (which come first, in shard order) has been
     * seen.
     */
    boolean caughtUp(List<Delivery> deliveries) {
        Set<String> fresh = new HashSet<>();
        for (Delivery d : deliveries) {
            if (elsewhereAfterwards(d) && d.payload() != null && d.payload().putMillis() >= fromMillis) {
                fresh.add(d.shardId());
            }
        }
        return fresh.size() == previousOwners.size();
    }

    /**
     * Deliveries of the moved shards stamped at or after {@code fromMillis} of a record (shard, sequence number) that
     * had been delivered before, by any worker.
     */
    int duplicates(List<Delivery> deliveries) {
        Map<String, Set<String>> seen = new HashMap<>();
        int duplicates = 0;
        for (Delivery d : deliveries.stream().sorted(Comparator.comparingLong(Delivery::atMillis)).toList()) {
            if (!previousOwners.containsKey(d.shardId())) {
                continue;
            }
            boolean first = seen.computeIfAbsent(d.shardId(), s -> new HashSet<>()).add(d.sequenceNumber());
            if (!first && d.atMillis() >= fromMillis) {
                duplicates++;
            }
        }
        return duplicates;
    }

    private boolean elsewhereAfterwards(Delivery d) {
        String previous = previousOwners.get(d.shardId());
        return previous != null && d.atMillis() >= fromMillis && !d.workerId().equals(previous);
    }
}
