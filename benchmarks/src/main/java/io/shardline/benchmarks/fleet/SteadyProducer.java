package io.shardline.benchmarks.fleet;

import io.shardline.benchmarks.harness.Producer;
import io.shardline.benchmarks.harness.Wait;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts {@code ratePerSecond} records per second on a stream from its own thread ({@code bench-steady-producer}), in
 * {@value #CALLS_PER_SECOND} PutRecords calls per second on a fixed schedule, keys {@code k0..} in turn
 * ({@link Producer}), until closed. A failed put stops it; {@link #failure()} tells why.
 */
final class SteadyProducer implements AutoCloseable {

    static final int CALLS_PER_SECOND = 10;
    private static final Logger log = LoggerFactory.getLogger(SteadyProducer.class);

    private final Producer producer;
    private final int perCall;
    private final Thread thread;
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
    private volatile boolean running = true;

    private SteadyProducer(Producer producer, int ratePerSecond) {
        if (ratePerSecond < CALLS_PER_SECOND || ratePerSecond % CALLS_PER_SECOND != 0) {
            throw new IllegalArgumentException("ratePerSecond must be a positive multiple of " + CALLS_PER_SECOND
                    + ", was " + ratePerSecond);
        }
        this.producer = producer;
        this.perCall = ratePerSecond / CALLS_PER_SECOND;
        this.thread = new Thread(this::loop, "bench-steady-producer");
        this.thread.setDaemon(true);
    }

    static SteadyProducer start(Producer producer, int ratePerSecond) {
        SteadyProducer steady = new SteadyProducer(producer, ratePerSecond);
        steady.thread.start();
        return steady;
    }

    /** The error that stopped it, or null while it runs. */
    RuntimeException failure() {
        return failure.get();
    }

    private void loop() {
        long intervalNanos = 1_000_000_000L / CALLS_PER_SECOND;
        long next = System.nanoTime();
        while (running) {
            try {
                producer.put(perCall);
            } catch (RuntimeException e) {
                failure.set(e);
                log.error("steady producer stopped: {}", e.toString());
                return;
            }
            next += intervalNanos;
            // A slow put (kinesis-mock slows down as a shard fills) skips ahead instead of bursting to catch up.
            next = Math.max(next, System.nanoTime());
            Wait.untilNanoTime(next);
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
