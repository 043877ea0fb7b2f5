package io.shardline.testing.faults;

import io.shardline.kcl.InitializationInput;
import io.shardline.kcl.KinesisClientRecord;
import io.shardline.kcl.LeaseLostInput;
import io.shardline.kcl.ProcessRecordsInput;
import io.shardline.kcl.ShardEndedInput;
import io.shardline.kcl.ShardRecordProcessor;
import io.shardline.kcl.ShardRecordProcessorFactory;
import io.shardline.kcl.ShutdownRequestedInput;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts how often each record (by its data, as text) was processed, across processors and workers; its processors
 * checkpoint the last record of every batch and throw on records whose data is in {@link #poison}. Thread-safe.
 */
final class Tally {

    final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    final Set<String> poison = ConcurrentHashMap.newKeySet();

    ShardRecordProcessorFactory processors() {
        return shardId -> new Processor();
    }

    /** Distinct records processed. */
    int distinct() {
        return counts.size();
    }

    /** Records processed more than once. */
    long duplicates() {
        return counts.values().stream().filter(n -> n.get() > 1).count();
    }

    boolean processed(String data) {
        return counts.containsKey(data);
    }

    private final class Processor implements ShardRecordProcessor {
        @Override
        public void initialize(InitializationInput input) {
        }

        @Override
        public void processRecords(ProcessRecordsInput input) {
            for (KinesisClientRecord record : input.records()) {
                if (poison.contains(text(record))) {
                    throw new IllegalArgumentException("cannot parse order " + text(record));
                }
            }
            input.records().forEach(r -> counts.computeIfAbsent(text(r), k -> new AtomicInteger()).incrementAndGet());
            input.checkpointer().checkpoint(input.records().get(input.records().size() - 1));
        }

        @Override
        public void leaseLost(LeaseLostInput input) {
        }

        @Override
        public void shardEnded(ShardEndedInput input) {
            input.checkpointer().checkpoint();
        }

        @Override
        public void shutdownRequested(ShutdownRequestedInput input) {
            input.checkpointer().checkpoint();
        }
    }

    static String text(KinesisClientRecord record) {
        return new String(record.dataAsBytes(), StandardCharsets.UTF_8);
    }
}
