package io.shardline.benchmarks.harness;

import io.shardline.benchmarks.harness.WorkerLine.Delivery;
import io.shardline.benchmarks.harness.WorkerLine.LeaseChange;
import io.shardline.benchmarks.harness.WorkerLine.Ready;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Everything the workers of one scenario run reported, in arrival order, with the checks every scenario needs:
 * distinct records and duplicates, per-key order of first deliveries, put-to-process latency, and per-shard
 * delivery times. Feed it from {@link WorkerProcess} listeners ({@link #accept}); thread-safe.
 *
 * <p>A record is identified by shard and sequence number. Times are the workers' wall clocks, which on one machine
 * are the driver's clock too.
 */
public final class DeliveryLog implements Consumer<WorkerLine> {

    private record RecordId(String shardId, String sequenceNumber) {}

    private final List<Delivery> deliveries = new ArrayList<>();
    private final List<LeaseChange> leaseChanges = new ArrayList<>();
    private final Map<String, Long> ready = new HashMap<>();
    private final Map<RecordId, Delivery> firstDeliveries = new HashMap<>();

    @Override
    public synchronized void accept(WorkerLine line) {
        if (line instanceof Delivery d) {
            deliveries.add(d);
            firstDeliveries.putIfAbsent(new RecordId(d.shardId(), d.sequenceNumber()), d);
        } else if (line instanceof LeaseChange l) {
            leaseChanges.add(l);
        } else if (line instanceof Ready r) {
            ready.putIfAbsent(r.workerId(), r.atMillis());
        }
    }

    /** Every delivery line so far, duplicates included. */
    public synchronized int deliveryCount() {
        return deliveries.size();
    }

    /** Distinct records delivered so far. */
    public synchronized int distinctCount() {
        return firstDeliveries.size();
    }

    /** Deliveries of a record that had been delivered before. */
    public synchronized int duplicates() {
        return deliveries.size() - firstDeliveries.size();
    }

    /** Duplicate deliveries that happened at or after {@code sinceMillis}. */
    public synchronized int duplicatesSince(long sinceMillis) {
        int count = 0;
        for (Delivery d : deliveries) {
            if (d.atMillis() >= sinceMillis && firstDeliveries.get(id(d)) != d) {
                count++;
            }
        }
        return count;
    }

    /** Whether {@code workerId} printed READY; its time, or empty. */
    public synchronized OptionalLong readyAt(String workerId) {
        Long at = ready.get(workerId);
        return at == null ? OptionalLong.empty() : OptionalLong.of(at);
    }

    /** A copy of the lease lines so far, in arrival order. */
    public synchronized List<LeaseChange> leaseChanges() {
        return List.copyOf(leaseChanges);
    }

    /**
     * Who holds each shard now, as the lease lines tell it: a shard is held by the last worker that printed
     * {@code acquired} for it until that worker prints {@code lost}, {@code ended} or {@code released}.
     */
    public synchronized Map<String, String> owners() {
        Map<String, String> owners = new HashMap<>();
        for (LeaseChange change : leaseChanges) {
            if (change.change() == WorkerLine.Change.ACQUIRED) {
                owners.put(change.shardId(), change.workerId());
            } else {
                owners.remove(change.shardId(), change.workerId());
            }
        }
        return owners;
    }

    /** A copy of the delivery lines so far, in arrival order. */
    public synchronized List<Delivery> deliveries() {
        return List.copyOf(deliveries);
    }

    /** Time of the earliest delivery so far, or empty. */
    public synchronized OptionalLong firstDeliveryAt() {
        return deliveries.stream().mapToLong(Delivery::atMillis).min();
    }

    /**
     * Time of the first delivery from {@code shardId} at or after {@code sinceMillis} by a worker that
     * {@code worker} accepts (for failover: any worker but the killed one), or empty.
     */
    public synchronized OptionalLong firstDeliveryAfter(String shardId, long sinceMillis, Predicate<String> worker) {
        return deliveries.stream()
                .filter(d -> d.shardId().equals(shardId) && d.atMillis() >= sinceMillis && worker.test(d.workerId()))
                .mapToLong(Delivery::atMillis)
                .min();
    }

    /**
     * Put-to-process latency in ms of each record's first delivery that carries a {@link Payload} put at or after
     * {@code putSinceMillis}.
     */
    public synchronized long[] latenciesMillis(long putSinceMillis) {
        return firstDeliveries.values().stream()
                .filter(d -> d.payload() != null && d.payload().putMillis() >= putSinceMillis)
                .mapToLong(d -> d.atMillis() - d.payload().putMillis())
                .toArray();
    }

    /**
     * Per-key order check over first deliveries: walking each partition key's first deliveries in delivery order
     * (time, then arrival), counts those whose {@link Payload#keySeq()} is below one delivered before it.
     */
    public synchronized int keyOrderViolations() {
        record Indexed(Delivery delivery, int arrival) {}
        Map<String, List<Indexed>> byKey = new HashMap<>();
        for (int i = 0; i < deliveries.size(); i++) {
            Delivery d = deliveries.get(i);
            if (d.payload() != null && firstDeliveries.get(id(d)) == d) {
                byKey.computeIfAbsent(d.partitionKey(), k -> new ArrayList<>()).add(new Indexed(d, i));
            }
        }
        int violations = 0;
        for (List<Indexed> ofKey : byKey.values()) {
            ofKey.sort(Comparator.comparingLong((Indexed x) -> x.delivery().atMillis())
                    .thenComparingInt(Indexed::arrival));
            long highest = -1;
            for (Indexed x : ofKey) {
                long keySeq = x.delivery().payload().keySeq();
                if (keySeq < highest) {
                    violations++;
                }
                highest = Math.max(highest, keySeq);
            }
        }
        return violations;
    }

    private static RecordId id(Delivery d) {
        return new RecordId(d.shardId(), d.sequenceNumber());
    }
}
