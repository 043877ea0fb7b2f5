package io.shardline.kclcompat;

import io.shardline.checkpoint.CheckpointStrategy;
import io.shardline.kcl.KinesisClientRecord;
import io.shardline.kcl.RecordHandlers;
import io.shardline.kcl.ShardRecordProcessorFactory;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/** Every record Shardline's processors handled, in the order handled (across shards: one global counter). */
final class ShardlineLedger {

    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    private final AtomicLong order = new AtomicLong();

    /** Per-record handlers, checkpointing after every batch (and at shard end and shutdown, as always). */
    ShardRecordProcessorFactory processors() {
        return shardId -> RecordHandlers.processorFactory(() -> record -> handled(shardId, record),
                CheckpointStrategy.afterEachBatch()).create(shardId);
    }

    private void handled(String shardId, KinesisClientRecord record) {
        deliveries.add(Delivery.of("shardline", order.incrementAndGet(), shardId, record.sequenceNumber(),
                record.subSequenceNumber(), record.partitionKey(),
                new String(record.dataAsBytes(), StandardCharsets.UTF_8)));
    }

    List<Delivery> deliveries() {
        return List.copyOf(deliveries);
    }
}
