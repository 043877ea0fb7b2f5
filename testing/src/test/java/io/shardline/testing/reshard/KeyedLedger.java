package io.shardline.testing.reshard;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardline.checkpoint.CheckpointStrategy;
import io.shardline.kcl.KinesisClientRecord;
import io.shardline.kcl.RecordHandlers;
import io.shardline.kcl.ShardRecordProcessorFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/**
 * Every record handled by any worker of a test, in the order handled: the data of record {@code i} is
 * {@code key-<k>#<i>} with {@code k = i % keys}. Record {@code i} was put before {@code i + keys} (the producer never
 * puts one key twice in one PutRecords call), so for every key the put order is the index order. Thread-safe.
 */
final class KeyedLedger {

    /** One record handled by one worker. */
    record Delivery(String worker, String shardId, String key, int index) {
    }

    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();

    /** Handlers for {@code worker}, checkpointing after every batch (and at shard end, handoff). */
    ShardRecordProcessorFactory processors(String worker) {
        return shardId -> RecordHandlers.processorFactory(() -> record -> handled(worker, shardId, record),
                CheckpointStrategy.afterEachBatch()).create(shardId);
    }

    private void handled(String worker, String shardId, KinesisClientRecord record) {
        String data = new String(record.dataAsBytes(), StandardCharsets.UTF_8);
        int index = Integer.parseInt(data.substring(data.indexOf('#') + 1));
        deliveries.add(new Delivery(worker, shardId, record.partitionKey(), index));
    }

    /** How many distinct records were handled. */
    long distinct() {
        return deliveries.stream().map(Delivery::index).distinct().count();
    }

    /** Records handled more than once. */
    Set<Integer> duplicates() {
        Set<Integer> seen = new HashSet<>();
        return deliveries.stream().map(Delivery::index).filter(i -> !seen.add(i)).collect(Collectors.toSet());
    }

    List<Delivery> deliveries() {
        return List.copyOf(deliveries);
    }

    /**
     * Every record {@code 0..total-1} handled, and for every key the first deliveries come in put order, across
     * parents and children.
     */
    void assertEveryRecordInPutOrderPerKey(int total, int keys) {
        assertExactlyInPutOrderPerKey(0, total, keys);
    }

    /** Exactly the records {@code from..to-1} handled (no other), first deliveries in put order for every key. */
    void assertExactlyInPutOrderPerKey(int from, int to, int keys) {
        Map<String, List<Integer>> firstByKey = new LinkedHashMap<>();
        Set<Integer> seen = new HashSet<>();
        for (Delivery d : deliveries) {
            if (seen.add(d.index())) {
                firstByKey.computeIfAbsent(d.key(), k -> new ArrayList<>()).add(d.index());
            }
        }
        assertThat(seen).as("records handled").hasSize(to - from).allMatch(i -> i >= from && i < to);
        for (int k = 0; k < keys; k++) {
            List<Integer> expected = new ArrayList<>();
            for (int i = from + Math.floorMod(k - from, keys); i < to; i += keys) {
                expected.add(i);
            }
            assertThat(firstByKey.getOrDefault("key-" + k, List.of()))
                    .as("first deliveries of key-%d in put order", k).containsExactlyElementsOf(expected);
        }
    }
}
