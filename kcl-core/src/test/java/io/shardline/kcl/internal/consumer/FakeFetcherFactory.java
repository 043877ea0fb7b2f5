package io.shardline.kcl.internal.consumer;

import io.shardline.kcl.KinesisClientRecord;
import io.shardline.kcl.StartingPosition;
import io.shardline.kcl.retrieval.ChildShard;
import io.shardline.kcl.retrieval.RecordBatch;
import io.shardline.kcl.retrieval.RecordFetcher;
import io.shardline.kcl.retrieval.RecordFetcherFactory;
import io.shardline.kcl.retrieval.RetrievalConfig;
import io.shardline.kcl.retrieval.StreamShard;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/** Fetchers whose batches the test hands in; every fetcher created is kept for inspection. Thread-safe. */
public final class FakeFetcherFactory implements RecordFetcherFactory {

    private final Map<String, List<FakeFetcher>> fetchers = new ConcurrentHashMap<>();
    private volatile boolean closed;

    @Override
    public RetrievalConfig config() {
        return RetrievalConfig.defaults();
    }

    @Override
    public RecordFetcher createFetcher(StreamShard shard) {
        if (closed) {
            throw new IllegalStateException("closed");
        }
        FakeFetcher fetcher = new FakeFetcher(shard);
        fetchers.computeIfAbsent(shard.shardId(), id -> new CopyOnWriteArrayList<>()).add(fetcher);
        return fetcher;
    }

    @Override
    public void close() {
        closed = true;
    }

    /** The last fetcher created for {@code shardId}, or null. */
    FakeFetcher fetcher(String shardId) {
        List<FakeFetcher> list = fetchers.get(shardId);
        return list == null || list.isEmpty() ? null : list.get(list.size() - 1);
    }

    int fetchersCreated(String shardId) {
        List<FakeFetcher> list = fetchers.get(shardId);
        return list == null ? 0 : list.size();
    }

    /** Plain records with sequence numbers {@code from..to-1} (as decimal strings) and data {@code "r<n>"}. */
    static List<KinesisClientRecord> records(int from, int to) {
        List<KinesisClientRecord> records = new ArrayList<>();
        for (int i = from; i < to; i++) {
            records.add(KinesisClientRecord.plain("key-" + (i % 5), String.valueOf(1000 + i), Instant.EPOCH,
                    ByteBuffer.wrap(("r" + i).getBytes(StandardCharsets.UTF_8))));
        }
        return records;
    }

    public static RecordBatch batch(int from, int to) {
        List<KinesisClientRecord> records = records(from, to);
        return RecordBatch.of(records, 0, records.get(records.size() - 1).sequenceNumber());
    }

    static RecordBatch shardEnd(int from, int to, List<ChildShard> children) {
        return RecordBatch.shardEnd(records(from, to), 0, children, null);
    }

    /** One shard's fetcher: the test adds batches, the consumer polls them. */
    public static final class FakeFetcher implements RecordFetcher {
        private final StreamShard shard;
        private final Queue<RecordBatch> ready = new ConcurrentLinkedQueue<>();
        private volatile Runnable onDataAvailable;
        private volatile StartingPosition startedAt;
        private volatile boolean closed;

        FakeFetcher(StreamShard shard) {
            this.shard = shard;
        }

        @Override
        public StreamShard shard() {
            return shard;
        }

        @Override
        public void start(StartingPosition position, Runnable onDataAvailable) {
            if (startedAt != null) {
                throw new IllegalStateException("started twice");
            }
            this.startedAt = position;
            this.onDataAvailable = onDataAvailable;
            if (!ready.isEmpty()) {
                onDataAvailable.run();
            }
        }

        @Override
        public RecordBatch poll() {
            return closed ? null : ready.poll();
        }

        @Override
        public void close() {
            closed = true;
            ready.clear();
        }

        public void add(RecordBatch batch) {
            ready.add(batch);
            Runnable signal = onDataAvailable;
            if (signal != null && !closed) {
                signal.run();
            }
        }

        StartingPosition startedAt() {
            return startedAt;
        }

        boolean isClosed() {
            return closed;
        }
    }
}
