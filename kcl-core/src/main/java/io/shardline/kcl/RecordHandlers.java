package io.shardline.kcl;

import io.shardline.checkpoint.CheckpointStrategy;
import java.time.InstantSource;
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
}
