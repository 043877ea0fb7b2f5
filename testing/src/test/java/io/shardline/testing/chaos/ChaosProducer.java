package io.shardline.testing.chaos;

import io.shardline.testing.StreamHelper;
import io.shardline.testing.TestRecord;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;

/**
 * Puts records to the stream at a steady rate on its own thread ({@code chaos-producer}) until stopped: record
 * {@code i} has partition key {@code key-(i % keys)} and data {@code key-<k>#i}. One PutRecords call holds at most
 * {@code keys} consecutive records, so no key appears twice in a call and each key's records go in in index order.
 * A call that fails is put again on the next tick (the records may then be in the stream twice: the analysis counts
 * those as producer duplicates); {@link #put()} counts only records a call confirmed.
 */
final class ChaosProducer implements AutoCloseable {

    private static final Duration TICK = Duration.ofMillis(200);

    private final StreamHelper streams;
    private final String stream;
    private final int keys;
    private final int perTick;
    private final AtomicInteger put = new AtomicInteger();
    private final AtomicInteger failedCalls = new AtomicInteger();
    private final AtomicReference<RuntimeException> lastFailure = new AtomicReference<>();
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "chaos-producer");
        t.setDaemon(true);
        return t;
    });

    ChaosProducer(StreamHelper streams, String stream, int keys, int recordsPerSecond) {
        this.streams = streams;
        this.stream = stream;
        this.keys = keys;
        this.perTick = Math.max(1, Math.min(keys, recordsPerSecond * (int) TICK.toMillis() / 1000));
    }

    void start() {
        executor.scheduleWithFixedDelay(this::tick, 0, TICK.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void tick() {
        int from = put.get();
        List<TestRecord> records = IntStream.range(from, from + perTick)
                .mapToObj(i -> TestRecord.of("key-" + (i % keys), "key-" + (i % keys) + "#" + i))
                .toList();
        try {
            streams.putRecords(stream, records);
            put.addAndGet(records.size());
        } catch (RuntimeException e) {
            failedCalls.incrementAndGet();
            lastFailure.set(e); // the next tick puts the same records again
        }
    }

    /** Records confirmed in the stream so far: indexes {@code 0..put()-1}. */
    int put() {
        return put.get();
    }

    int failedCalls() {
        return failedCalls.get();
    }

    RuntimeException lastFailure() {
        return lastFailure.get();
    }

    /** Stops putting (a call in flight completes) and returns how many records are in. */
    int stop() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(2, TimeUnit.MINUTES)) {
                throw new IllegalStateException("the chaos producer did not stop within 2 minutes");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping the chaos producer", e);
        }
        return put.get();
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
