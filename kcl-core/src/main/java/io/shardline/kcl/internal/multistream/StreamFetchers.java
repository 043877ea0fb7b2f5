package io.shardline.kcl.internal.multistream;

import io.shardline.kcl.StartingPosition;
import io.shardline.kcl.StreamIdentifier;
import io.shardline.kcl.retrieval.ChildShard;
import io.shardline.kcl.retrieval.RecordBatch;
import io.shardline.kcl.retrieval.RecordFetcher;
import io.shardline.kcl.retrieval.RecordFetcherFactory;
import io.shardline.kcl.retrieval.RetrievalConfig;
import io.shardline.kcl.retrieval.StreamShard;
import java.util.List;
import java.util.Optional;

/**
 * The record fetchers of a multi-stream application: a consumer asks for the shard of its lease key
 * ({@code account:stream:epoch:shardId}); the fetcher reads the plain shard id of the stream, and the children it
 * reports at a shard end are named by lease key (their parents too), so the consumer creates and hands on the
 * children's leases of the same stream. The shard consumer is unchanged. A single-stream key passes through.
 */
public final class StreamFetchers implements RecordFetcherFactory {

    private final RecordFetcherFactory fetchers;

    public StreamFetchers(RecordFetcherFactory fetchers) {
        this.fetchers = fetchers;
    }

    @Override
    public RetrievalConfig config() {
        return fetchers.config();
    }

    @Override
    public RecordFetcher createFetcher(StreamShard shard) {
        Optional<StreamIdentifier> stream = StreamIdentifier.ofLeaseKey(shard.shardId());
        if (stream.isEmpty()) {
            return fetchers.createFetcher(shard);
        }
        RecordFetcher plain = fetchers.createFetcher(new StreamShard(shard.stream(),
                StreamIdentifier.shardIdOf(shard.shardId()), shard.hashKeyRange()));
        return new KeyedFetcher(shard, stream.get(), plain);
    }

    @Override
    public void close() {
        fetchers.close();
    }

    /** Children of a shard end as lease keys of {@code stream}. */
    static RecordBatch keyed(StreamIdentifier stream, RecordBatch batch) {
        if (batch == null || batch.childShards().isEmpty()) {
            return batch;
        }
        List<ChildShard> children = batch.childShards().stream()
                .map(c -> new ChildShard(LeaseKeys.full(stream, c.shardId()),
                        c.parentShardIds().stream().map(p -> LeaseKeys.full(stream, p)).toList(), c.hashKeyRange()))
                .toList();
        return new RecordBatch(batch.records(), batch.millisBehindLatest(), batch.shardEnded(), children,
                batch.continuationSequenceNumber(), batch.failure());
    }

    private record KeyedFetcher(StreamShard shard, StreamIdentifier stream, RecordFetcher plain)
            implements RecordFetcher {

        @Override
        public void start(StartingPosition position, Runnable onDataAvailable) {
            plain.start(position, onDataAvailable);
        }

        @Override
        public RecordBatch poll() {
            return keyed(stream, plain.poll());
        }

        @Override
        public void close() {
            plain.close();
        }
    }
}
