package io.shardline.kclcompat;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardline.kclcompat.StreamRecords.Put;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What one consumer (KCL or Shardline) must deliver when it continues a stream from the checkpoints another left in
 * the lease table, judged against the stream's real contents: for every shard, exactly the records after that
 * shard's checkpoint, in sequence order, each once (nothing lost, nothing at or before the checkpoint replayed); a
 * child shard's records only after all of its parents'; and for every partition key, its records in put order, all
 * after the key's records the checkpoints cover.
 */
final class Continuation {

    private final String consumer;
    private final Map<String, Checkpoint> from;
    private final List<Put> puts;

    Continuation(String consumer, Map<String, Checkpoint> from, List<Put> puts) {
        this.consumer = consumer;
        this.from = Map.copyOf(from);
        this.puts = List.copyOf(puts);
    }

    private Checkpoint checkpointOf(String shardId) {
        return from.getOrDefault(shardId, Checkpoint.TRIM_HORIZON);
    }

    private boolean covered(Put put) {
        return checkpointOf(put.shardId()).covers(put.sequenceNumber());
    }

    /** Per shard, the sequence numbers the consumer must deliver, in order. */
    Map<String, List<BigInteger>> expected() {
        Map<String, List<BigInteger>> expected = new TreeMap<>();
        puts.stream().filter(p -> !covered(p)).sorted(Comparator.comparing(Put::sequenceNumber))
                .forEach(p -> expected.computeIfAbsent(p.shardId(), s -> new ArrayList<>()).add(p.sequenceNumber()));
        return expected;
    }

    /** How many expected records are not delivered yet (for waiting). */
    long missing(Collection<Delivery> deliveries) {
        Set<String> delivered = new HashSet<>();
        deliveries.forEach(d -> delivered.add(d.shardId() + "/" + d.sequenceNumber()));
        return puts.stream().filter(p -> !covered(p))
                .filter(p -> !delivered.contains(p.shardId() + "/" + p.sequenceNumber())).count();
    }

    /** How many records the checkpoints cover (the previous consumer's finished work). */
    long coveredCount() {
        return puts.stream().filter(this::covered).count();
    }

    /**
     * The whole judgement. {@code parents}: each shard's parent shards. {@code lostLeases}: shards whose lease the
     * consumer itself lost during its run (it then replays from its own last checkpoint, as any failover does): there
     * a record may come twice, and the judgement applies to first deliveries; everywhere else every record comes once.
     */
    void assertDeliveredExactly(List<Delivery> all, Map<String, Set<String>> parents, Set<String> lostLeases) {
        Set<String> seen = new HashSet<>();
        List<Delivery> deliveries = new ArrayList<>();
        List<Delivery> again = new ArrayList<>();
        for (Delivery d : all) {
            (seen.add(d.shardId() + "/" + d.sequenceNumber()) ? deliveries : again).add(d);
        }
        assertThat(again).as("%s delivered records twice on shards whose lease it never lost (lost: %s)", consumer,
                lostLeases).allMatch(d -> lostLeases.contains(d.shardId()));
        Map<String, List<BigInteger>> actual = new TreeMap<>();
        deliveries.forEach(d -> actual.computeIfAbsent(d.shardId(), s -> new ArrayList<>()).add(d.sequenceNumber()));
        Map<String, List<BigInteger>> expected = expected();
        Set<String> shards = new TreeSet<>(expected.keySet());
        shards.addAll(actual.keySet());
        for (String shard : shards) {
            assertThat(actual.getOrDefault(shard, List.of()))
                    .as("%s's deliveries of %s (checkpoint it started from: %s): exactly the records after the "
                            + "checkpoint, in order, once", consumer, shard, checkpointOf(shard))
                    .containsExactlyElementsOf(expected.getOrDefault(shard, List.of()));
        }
        assertChildrenAfterParents(deliveries, parents);
        assertKeyOrder(deliveries);
    }

    private void assertChildrenAfterParents(List<Delivery> deliveries, Map<String, Set<String>> parents) {
        Map<String, Long> first = new HashMap<>();
        Map<String, Long> last = new HashMap<>();
        for (Delivery d : deliveries) {
            first.merge(d.shardId(), d.order(), Math::min);
            last.merge(d.shardId(), d.order(), Math::max);
        }
        parents.forEach((child, ofChild) -> ofChild.forEach(parent -> {
            if (first.containsKey(child) && last.containsKey(parent)) {
                assertThat(first.get(child)).as("%s: first delivery of child %s after the last of its parent %s",
                        consumer, child, parent).isGreaterThan(last.get(parent));
            }
        }));
    }

    private void assertKeyOrder(List<Delivery> deliveries) {
        Map<String, Integer> lastCovered = new HashMap<>();
        puts.stream().filter(this::covered).forEach(p -> lastCovered.merge(p.key(), p.index(), Math::max));
        Map<String, List<Integer>> byKey = new TreeMap<>();
        deliveries.forEach(d -> byKey.computeIfAbsent(d.key(), k -> new ArrayList<>()).add(d.index()));
        byKey.forEach((key, indices) -> {
            assertThat(indices).as("%s: records of %s in put order", consumer, key).isSorted();
            assertThat(indices.get(0)).as("%s: first record of %s after the last one the checkpoints cover",
                    consumer, key).isGreaterThan(lastCovered.getOrDefault(key, -1));
        });
    }

    /** The previous consumer really delivered every record its checkpoints cover (its checkpoints are honest). */
    static void assertCoveredWereDelivered(String consumer, Map<String, Checkpoint> checkpoints, List<Put> puts,
                                           List<Delivery> deliveries) {
        Set<String> delivered = new HashSet<>();
        deliveries.forEach(d -> delivered.add(d.shardId() + "/" + d.sequenceNumber()));
        List<Integer> notDelivered = puts.stream()
                .filter(p -> checkpoints.getOrDefault(p.shardId(), Checkpoint.TRIM_HORIZON).covers(p.sequenceNumber()))
                .filter(p -> !delivered.contains(p.shardId() + "/" + p.sequenceNumber()))
                .map(Put::index).toList();
        assertThat(notDelivered).as("records %s's checkpoints cover but it never delivered", consumer).isEmpty();
    }
}
