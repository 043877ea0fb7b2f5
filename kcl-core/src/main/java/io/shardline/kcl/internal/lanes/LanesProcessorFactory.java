package io.shardline.kcl.internal.lanes;

import io.shardline.checkpoint.ExtendedSequenceNumber;
import io.shardline.kcl.LanesConfig;
import io.shardline.kcl.RecordBatchHandler;
import io.shardline.kcl.RecordHandler;
import io.shardline.kcl.ShardRecordProcessorFactory;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/** Builds lanes processors (the bridge from {@link io.shardline.kcl.RecordHandlers}); one set of threads per factory. */
public final class LanesProcessorFactory {

    private LanesProcessorFactory() {
    }

    /** Each shard's records go one at a time per lane to the shard's handler from {@code handlers}. */
    public static ShardRecordProcessorFactory records(Supplier<? extends RecordHandler> handlers, LanesConfig config) {
        Objects.requireNonNull(handlers, "handlers");
        return batches(() -> {
            RecordHandler handler = Objects.requireNonNull(handlers.get(), "the handler supplier returned null");
            return records -> records.forEach(handler::handle);
        }, config.toBuilder().maxBatchSize(1).build());
    }

    /** Each shard's records go in lane batches of up to {@code maxBatchSize} to the shard's batch handler. */
    public static ShardRecordProcessorFactory batches(Supplier<? extends RecordBatchHandler> handlers,
                                                      LanesConfig config) {
        Objects.requireNonNull(handlers, "handlers");
        Objects.requireNonNull(config, "config");
        LaneExecutors executors = LaneExecutors.create();
        return shardId -> new LanedProcessor(
                Objects.requireNonNull(handlers.get(), "the handler supplier returned null"), config, executors);
    }

    /** See {@link io.shardline.kcl.RecordHandlers#lanesCompletedAbove(byte[])}. */
    public static List<ExtendedSequenceNumber> completedAbove(byte[] state) {
        return CompletedSetCodec.decode(state);
    }
}
