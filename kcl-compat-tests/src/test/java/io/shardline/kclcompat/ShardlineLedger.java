package io.shardline.kclcompat;

import io.shardline.checkpoint.CheckpointStrategy;
import io.shardline.kcl.InitializationInput;
import io.shardline.kcl.KinesisClientRecord;
import io.shardline.kcl.LeaseLostInput;
import io.shardline.kcl.ProcessRecordsInput;
import io.shardline.kcl.RecordHandlers;
import io.shardline.kcl.ShardEndedInput;
import io.shardline.kcl.ShardRecordProcessor;
import io.shardline.kcl.ShardRecordProcessorFactory;
import io.shardline.kcl.ShutdownRequestedInput;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every record Shardline's processors handled, in the order handled (across shards: one global counter), and the
 * shards whose lease a processor lost (a self-fence on a loaded machine: the worker takes the lease back and replays
 * from its own checkpoint).
 */
final class ShardlineLedger {

    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    private final Set<String> lostLeases = ConcurrentHashMap.newKeySet();
    private final AtomicLong order = new AtomicLong();

    /** Per-record handlers, checkpointing after every batch (and at shard end and shutdown, as always). */
    ShardRecordProcessorFactory processors() {
        return shardId -> new LeaseLossRecorder(shardId, RecordHandlers.processorFactory(
                () -> record -> handled(shardId, record), CheckpointStrategy.afterEachBatch()).create(shardId));
    }

    /** Shards whose lease a processor lost during the run. */
    Set<String> lostLeases() {
        return Set.copyOf(lostLeases);
    }

    private void handled(String shardId, KinesisClientRecord record) {
        deliveries.add(Delivery.of("shardline", order.incrementAndGet(), shardId, record.sequenceNumber(),
                record.subSequenceNumber(), record.partitionKey(),
                new String(record.dataAsBytes(), StandardCharsets.UTF_8)));
    }

    List<Delivery> deliveries() {
        return List.copyOf(deliveries);
    }

    /** The handlers' processor, noting {@code leaseLost}. */
    private final class LeaseLossRecorder implements ShardRecordProcessor {
        private final String shardId;
        private final ShardRecordProcessor delegate;

        LeaseLossRecorder(String shardId, ShardRecordProcessor delegate) {
            this.shardId = shardId;
            this.delegate = delegate;
        }

        @Override
        public void initialize(InitializationInput input) {
            delegate.initialize(input);
        }

        @Override
        public void processRecords(ProcessRecordsInput input) {
            delegate.processRecords(input);
        }

        @Override
        public boolean processEmptyBatches() {
            return delegate.processEmptyBatches();
        }

        @Override
        public void leaseLost(LeaseLostInput input) {
            lostLeases.add(shardId);
            delegate.leaseLost(input);
        }

        @Override
        public void shardEnded(ShardEndedInput input) {
            delegate.shardEnded(input);
        }

        @Override
        public void shutdownRequested(ShutdownRequestedInput input) {
            delegate.shutdownRequested(input);
        }
    }
}
