package io.shardline.kcl.internal.consumer;

import io.shardline.checkpoint.CheckpointResult;
import io.shardline.checkpoint.ExtendedSequenceNumber;
import io.shardline.kcl.InitializationInput;
import io.shardline.kcl.KinesisClientRecord;
import io.shardline.kcl.LeaseLostInput;
import io.shardline.kcl.PartialBatchFailureException;
import io.shardline.kcl.ProcessRecordsInput;
import io.shardline.kcl.ShardEndedInput;
import io.shardline.kcl.ShardRecordProcessor;
import io.shardline.kcl.ShutdownRequestedInput;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * Fails on chosen records: each poisoned sequence number throws a given number of times ({@link Integer#MAX_VALUE}:
 * always). In whole-batch mode a call that holds a poisoned record fails as a whole (nothing of it counts as
 * processed); in partial mode it processes the others and throws {@link PartialBatchFailureException} naming the failed
 * ones. A successful call checkpoints with the no-argument {@code checkpoint()}. Records what each call got and did.
 */
final class PoisonProcessor implements ShardRecordProcessor {

    final Map<String, Integer> poison = new ConcurrentHashMap<>();
    final List<List<String>> inputs = new CopyOnWriteArrayList<>();
    final List<String> processed = new CopyOnWriteArrayList<>();
    final List<CheckpointResult> checkpoints = new CopyOnWriteArrayList<>();
    final List<Optional<ExtendedSequenceNumber>> checkpointAtCallStart = new CopyOnWriteArrayList<>();
    final List<String> calls = new CopyOnWriteArrayList<>();
    volatile boolean partial;
    volatile Supplier<RuntimeException> failure = () -> new IllegalStateException("poisoned");

    PoisonProcessor poison(String sequenceNumber, int times) {
        poison.put(sequenceNumber, times);
        return this;
    }

    @Override
    public void initialize(InitializationInput input) {
        calls.add("initialize");
    }

    @Override
    public void processRecords(ProcessRecordsInput input) {
        calls.add("processRecords");
        inputs.add(input.records().stream().map(KinesisClientRecord::sequenceNumber).toList());
        checkpointAtCallStart.add(input.checkpointer().lastCheckpoint());
        List<KinesisClientRecord> failed = new ArrayList<>();
        List<String> ok = new ArrayList<>();
        for (KinesisClientRecord record : input.records()) {
            if (poison.computeIfPresent(record.sequenceNumber(), (k, n) -> n - 1) != null
                    && poison.get(record.sequenceNumber()) >= 0) {
                failed.add(record);
            } else {
                ok.add(record.sequenceNumber());
            }
        }
        if (failed.isEmpty()) {
            processed.addAll(ok);
            checkpoints.add(input.checkpointer().checkpoint());
            return;
        }
        if (!partial) {
            throw failure.get();
        }
        processed.addAll(ok);
        throw PartialBatchFailureException.of(failed, failure.get());
    }

    @Override
    public void leaseLost(LeaseLostInput input) {
        calls.add("leaseLost");
    }

    @Override
    public void shardEnded(ShardEndedInput input) {
        calls.add("shardEnded");
        input.checkpointer().checkpoint();
    }

    @Override
    public void shutdownRequested(ShutdownRequestedInput input) {
        calls.add("shutdownRequested");
        checkpoints.add(input.checkpointer().checkpoint());
    }
}
