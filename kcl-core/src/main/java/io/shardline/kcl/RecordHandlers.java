package io.shardline.kcl;

import io.shardline.checkpoint.CheckpointStrategy;
import io.shardline.checkpoint.ExtendedSequenceNumber;
import io.shardline.kcl.internal.lanes.LanesProcessorFactory;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Turns {@link RecordHandler}s into a {@link ShardRecordProcessorFactory} with automatic checkpoints.
 *
 * <pre>{@code
 * ShardRecordProcessorFactory processors = RecordHandlers.processorFactory(
 *         () -> record -> orders.save(record.dataAsBytes()), CheckpointStrategy.every(Duration.ofSeconds(5)));
 * }</pre>
 *
 * <p>Checkpoints are taken after the handled record the strategy points at, at the end of each batch when the
 * strategy says so, always in {@code shutdownRequested} (at the last record handled, so a graceful handoff repeats
 * nothing) and always at {@code SHARD_END}. With {@link CheckpointStrategy#manual()} those last two are the only
 * checkpoints; to checkpoint at other points by hand, implement {@link ShardRecordProcessor} instead. A checkpoint that
 * finds the lease lost stops handling the rest of the batch.
 */
public final class RecordHandlers {

    private RecordHandlers() {
    }

    /**
     * A factory whose processors feed each record to a handler from {@code handlers} (one handler per shard) and
     * checkpoint as {@code strategy} says, on the system clock.
     *
     * @param handlers makes one handler per shard
     * @param strategy when to checkpoint
     * @return the factory to put in {@link ConsumerConfig.Builder#processorFactory}
     */
    public static ShardRecordProcessorFactory processorFactory(Supplier<? extends RecordHandler> handlers,
            CheckpointStrategy strategy) {
        return processorFactory(handlers, strategy, InstantSource.system());
    }

    /**
     * A factory whose processors feed each record to the handler {@code handlers} makes for the shard, knowing the
     * shard (its id, stream, lease and this worker: {@link ShardContext}), and checkpoint as {@code strategy} says.
     *
     * @param handlers makes one handler per shard from the shard's context
     * @param strategy when to checkpoint
     * @return the factory to put in {@link ConsumerConfig.Builder#processorFactory}
     */
    public static ShardRecordProcessorFactory processorFactory(
            Function<? super ShardContext, ? extends RecordHandler> handlers, CheckpointStrategy strategy) {
        Objects.requireNonNull(handlers, "handlers");
        Objects.requireNonNull(strategy, "strategy");
        InstantSource clock = InstantSource.system();
        return new ShardRecordProcessorFactory() {
            @Override
            public ShardRecordProcessor create(ShardContext context) {
                return new HandlerProcessor(Objects.requireNonNull(handlers.apply(context),
                        "the handler function returned null"), strategy.tracker(clock));
            }

            /** Without the scheduler's context there is no stream or lease to give the handler function. */
            @Override
            public ShardRecordProcessor create(String shardId) {
                throw new UnsupportedOperationException("this factory needs the ShardContext: call create(ShardContext)"
                        + " (shard " + shardId + ")");
            }
        };
    }

    /**
     * Like {@link #processorFactory(Supplier, CheckpointStrategy)}, reading time for the strategy from {@code clock}.
     *
     * @param handlers makes one handler per shard
     * @param strategy when to checkpoint
     * @param clock    the time the strategy reads
     * @return the factory to put in {@link ConsumerConfig.Builder#processorFactory}
     */
    public static ShardRecordProcessorFactory processorFactory(Supplier<? extends RecordHandler> handlers,
            CheckpointStrategy strategy, InstantSource clock) {
        Objects.requireNonNull(handlers, "handlers");
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(clock, "clock");
        return shardId -> new HandlerProcessor(
                Objects.requireNonNull(handlers.get(), "the handler supplier returned null"), strategy.tracker(clock));
    }

    /**
     * Per-key ordered parallelism inside a shard: a factory whose processors queue each shard's records per partition
     * key and call the shard's handler from {@code handlers} for up to {@link LanesConfig#lanes()} keys at once (one
     * lane, a pool thread, per key being worked on), never two records of one key at a time and each key's records in
     * shard order (de-aggregated user records included). <b>The handler is shared by the shard's lanes,
     * so it must be thread-safe.</b>
     *
     * <p>Checkpoints hold the low-water mark (every record at or below it is done) and, as the checkpoint's state, the
     * compressed set of records done above it, so a next owner skips those: after a crash the repeated records are
     * about those in flight plus what completed since the last write ({@link LanesConfig#checkpointInterval()}). A
     * graceful handoff or shutdown waits for the lanes to drain and checkpoints exactly (no duplicates); a lost lease
     * stops the lanes at once and writes nothing. A record the handler keeps failing on blocks only its lane while it
     * is retried (holding one lane), then is dead-lettered or stops the shard as {@link LanesConfig#failurePolicy()} says. The
     * checkpoint state belongs to the lanes: do not also write application state with these checkpoints.
     */
    public static ShardRecordProcessorFactory parallel(Supplier<? extends RecordHandler> handlers,
            LanesConfig config) {
        return LanesProcessorFactory.records(handlers, config);
    }

    /**
     * Like {@link #parallel(Supplier, LanesConfig)}, handing a key's waiting records in batches of up to
     * {@link LanesConfig#maxBatchSize()} to a {@link RecordBatchHandler} (bisected under the failure policy when a
     * batch keeps failing).
     */
    public static ShardRecordProcessorFactory parallelBatches(Supplier<? extends RecordBatchHandler> handlers,
            LanesConfig config) {
        return LanesProcessorFactory.batches(handlers, config);
    }

    /**
     * The positions a lanes checkpoint's state says were completed above the checkpoint (ascending), for tools and
     * tests that read the lease table; empty for {@code null} or for state that is not a lanes completed set.
     *
     * @throws IllegalArgumentException when the state is a damaged completed set
     */
    public static List<ExtendedSequenceNumber> lanesCompletedAbove(byte[] checkpointState) {
        return LanesProcessorFactory.completedAbove(checkpointState);
    }
}
