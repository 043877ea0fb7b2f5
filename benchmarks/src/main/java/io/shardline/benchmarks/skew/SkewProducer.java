package io.shardline.benchmarks.skew;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;
import software.amazon.awssdk.services.kinesis.model.Shard;

/**
 * Puts {@code rate} records/s (one PutRecords call every 100 ms) of {@link ZipfTraffic}'s keys, each sent to its
 * shard with an explicit hash key; the data is the put time (epoch ms, 8 bytes) and padding to 100 bytes. Counts the
 * records that went in, per shard. Runs on its own thread ({@code skew-producer}) until closed.
 */
final class SkewProducer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SkewProducer.class);
    private static final int RECORD_BYTES = 100;

    private final KinesisClient kinesis;
    private final String stream;
    private final List<Shard> shards;
    private final ZipfTraffic traffic;
    private final double rate;
    private final Map<String, AtomicLong> put = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;

    SkewProducer(KinesisClient kinesis, String stream, List<Shard> shards, ZipfTraffic traffic, double rate) {
        this.kinesis = kinesis;
        this.stream = stream;
        this.shards = shards;
        this.traffic = traffic;
        this.rate = rate;
        shards.forEach(s -> put.put(s.shardId(), new AtomicLong()));
        this.thread = new Thread(this::run, "skew-producer");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Records put so far, per shard id. */
    Map<String, Long> counts() {
        Map<String, Long> out = new java.util.TreeMap<>();
        put.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    private void run() {
        long started = System.nanoTime();
        long sent = 0;
        while (running) {
            long elapsed = System.nanoTime() - started;
            long due = (long) (rate * elapsed / 1e9) - sent;
            if (due > 0) {
                int n = (int) Math.min(due, 500);
                try {
                    send(n);
                } catch (RuntimeException e) {
                    LOG.warn("skew producer: PutRecords failed: {}", e.toString());
                }
                sent += n; // not retried: the counts say what went in
            }
            java.util.concurrent.locks.LockSupport.parkNanos(100_000_000L);
        }
    }

    private void send(int n) {
        List<PutRecordsRequestEntry> entries = new ArrayList<>(n);
        long now = System.currentTimeMillis();
        for (int i = 0; i < n; i++) {
            int rank = traffic.nextRank();
            Shard shard = shards.get(traffic.shardOf(rank));
            ByteBuffer data = ByteBuffer.allocate(RECORD_BYTES).putLong(0, now);
            entries.add(PutRecordsRequestEntry.builder().partitionKey("key-" + rank)
                    .explicitHashKey(shard.hashKeyRange().startingHashKey())
                    .data(SdkBytes.fromByteBuffer(data)).build());
        }
        PutRecordsResponse r = kinesis.putRecords(b -> b.streamName(stream).records(entries));
        for (PutRecordsResultEntry e : r.records()) {
            if (e.errorCode() == null && e.shardId() != null) {
                put.computeIfAbsent(e.shardId(), k -> new AtomicLong()).incrementAndGet();
            }
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
