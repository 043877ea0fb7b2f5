package io.shardline.benchmarks.reshard;

import io.shardline.checkpoint.CheckpointResult;
import io.shardline.kcl.InitializationInput;
import io.shardline.kcl.LeaseLostInput;
import io.shardline.kcl.ProcessRecordsInput;
import io.shardline.kcl.ShardEndedInput;
import io.shardline.kcl.ShardRecordProcessor;
import io.shardline.kcl.ShardRecordProcessorFactory;
import io.shardline.kcl.ShutdownRequestedInput;
import java.util.Collection;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Processors that note, per shard, when its {@code SHARD_END} checkpoint returned and when its first record was
 * delivered (by any worker of the JVM, {@link System#nanoTime()}); they checkpoint after every batch. A child's start
 * latency is its first delivery minus the last of its parents' {@code SHARD_END} checkpoints. Thread-safe.
 */
final class ChildStartClock implements ShardRecordProcessorFactory {

    private final Map<String, Long> shardEnded = new ConcurrentHashMap<>();
    private final Map<String, Long> firstDelivery = new ConcurrentHashMap<>();

    @Override
    public ShardRecordProcessor create(String shardId) {
        return new Timed(shardId);
    }

    /** Milliseconds from the last parent's {@code SHARD_END} checkpoint to the child's first record, if both seen. */
    OptionalLong childStartMillis(String child, Collection<String> parents) {
        Long first = firstDelivery.get(child);
        long lastEnd = Long.MIN_VALUE;
        for (String parent : parents) {
            Long ended = shardEnded.get(parent);
            if (ended == null) {
                return OptionalLong.empty();
            }
            lastEnd = Math.max(lastEnd, ended);
        }
        return first == null ? OptionalLong.empty() : OptionalLong.of((first - lastEnd) / 1_000_000);
    }

    boolean delivered(String shardId) {
        return firstDelivery.containsKey(shardId);
    }

    private final class Timed implements ShardRecordProcessor {
        private final String shardId;

        Timed(String shardId) {
            this.shardId = shardId;
        }

        @Override
        public void initialize(InitializationInput input) {
        }

        @Override
        public void processRecords(ProcessRecordsInput input) {
            if (!input.records().isEmpty()) {
                firstDelivery.putIfAbsent(shardId, System.nanoTime());
                input.checkpointer().checkpoint();
            }
        }

        @Override
        public void leaseLost(LeaseLostInput input) {
        }

        @Override
        public void shardEnded(ShardEndedInput input) {
            CheckpointResult result = input.checkpointer().checkpoint();
            if (result.isOk()) {
                shardEnded.putIfAbsent(shardId, System.nanoTime());
            }
        }

        @Override
        public void shutdownRequested(ShutdownRequestedInput input) {
            input.checkpointer().checkpoint();
        }
    }
}
