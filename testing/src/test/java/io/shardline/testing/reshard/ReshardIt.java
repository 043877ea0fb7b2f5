package io.shardline.testing.reshard;

import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shardline.kcl.ConsumerConfig;
import io.shardline.kcl.Scheduler;
import io.shardline.kcl.StartingPosition;
import io.shardline.kcl.retrieval.RetrievalConfig;
import io.shardline.lease.Lease;
import io.shardline.lease.LeaseCoordinatorConfig;
import io.shardline.lease.LeaseStore;
import io.shardline.lease.LeaseTableConfig;
import io.shardline.testing.LocalAws;
import io.shardline.testing.TestRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.awaitility.core.ConditionFactory;
import software.amazon.awssdk.services.kinesis.model.Shard;

/**
 * What the resharding suites share: schedulers of one application with short coordination timings (as the consumer
 * suites: 250 ms heartbeats, dead after 1.5 s), a producer writing {@link #KEYS} partition keys, and lease-table
 * reads. The leader's periodic lease scan is set to 5 s, well above the 1 s a child may take to start, so the
 * children are started by the event-driven path (the worker that finished the parent assigns them).
 */
final class ReshardIt implements AutoCloseable {

    static final int KEYS = 200;
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    static final LeaseCoordinatorConfig COORDINATION = LeaseCoordinatorConfig.builder()
            .heartbeatInterval(Duration.ofMillis(250))
            .failoverTimeout(Duration.ofMillis(1500))
            .handoffTimeout(Duration.ofSeconds(5))
            .leaseScanInterval(Duration.ofSeconds(5))
            .leaseSyncInterval(Duration.ofSeconds(1))
            .build();

    static final RetrievalConfig POLLING = RetrievalConfig.polling()
            .idleInterval(Duration.ofMillis(200))
            .callsPerSecondPerShard(5)
            .build();

    final LocalAws aws;
    final String app;
    final String stream;
    final KeyedLedger ledger = new KeyedLedger();
    private final List<Scheduler> schedulers = new ArrayList<>();

    ReshardIt(LocalAws aws, String app, String stream) {
        this.aws = aws;
        this.app = app;
        this.stream = stream;
    }

    ConsumerConfig.Builder config(String worker, StartingPosition initial, RetrievalConfig retrieval) {
        return ConsumerConfig.builder()
                .applicationName(app)
                .streamName(stream)
                .kinesisClient(aws.kinesisAsync())
                .dynamoDbClient(aws.dynamoDbAsync())
                .initialPosition(initial)
                .retrievalConfig(retrieval)
                .processorFactory(ledger.processors(worker))
                .meterRegistry(new SimpleMeterRegistry())
                .leaseCoordinatorConfig(COORDINATION.toBuilder().workerId(worker).build())
                .shardSyncInterval(Duration.ofSeconds(2))
                .processingThreads(4);
    }

    Scheduler start(ConsumerConfig.Builder config) {
        Scheduler scheduler = Scheduler.create(config.build());
        schedulers.add(scheduler);
        scheduler.start();
        return scheduler;
    }

    /** Starts one scheduler per worker name, at TRIM_HORIZON, polling. */
    List<Scheduler> startWorkers(String... workers) {
        return startWorkers(POLLING, workers);
    }

    List<Scheduler> startWorkers(RetrievalConfig retrieval, String... workers) {
        return List.of(workers).stream().map(w -> start(config(w, StartingPosition.trimHorizon(), retrieval)))
                .toList();
    }

    /** Records {@code from..to-1}: partition key {@code key-(i % KEYS)}, data {@code key-k#i}. */
    static List<TestRecord> records(int from, int to) {
        return IntStream.range(from, to)
                .mapToObj(i -> TestRecord.of("key-" + (i % KEYS), "key-" + (i % KEYS) + "#" + i))
                .toList();
    }

    /** Puts {@code from..to-1} now, in calls of at most {@link #KEYS} records (no key twice in one call). */
    void put(int from, int to) {
        for (int i = from; i < to; i += KEYS) {
            aws.streams().putRecords(stream, records(i, Math.min(to, i + KEYS)));
        }
    }

    /**
     * Puts {@code from..to-1} in the background, {@code batch} records per call (at most {@link #KEYS}), never past
     * what {@code gate} allows; {@code put} counts what is in. The gate lets a test make sure records are written
     * after each reshard whatever the machine's speed.
     */
    CompletableFuture<Void> produce(int from, int to, int batch, AtomicInteger put, Gate gate) {
        return CompletableFuture.runAsync(() -> {
            for (int i = from; i < to; i += batch) {
                int end = Math.min(to, i + batch);
                gate.awaitAtLeast(end);
                aws.streams().putRecords(stream, records(i, end));
                put.set(end);
            }
        });
    }

    /** How many records the producer may have put so far; raised by the test. */
    static final class Gate {
        private int limit;

        Gate(int limit) {
            this.limit = limit;
        }

        synchronized void raise(int newLimit) {
            limit = Math.max(limit, newLimit);
            notifyAll();
        }

        synchronized void awaitAtLeast(int needed) {
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (limit < needed) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IllegalStateException("the producer gate stayed at " + limit + " < " + needed);
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted at the producer gate", e);
                }
            }
        }
    }

    /** The application's lease table (a plain store on the test's client). */
    LeaseStore leases() {
        return LeaseStore.dynamoDb(aws.dynamoDbAsync(), LeaseTableConfig.of(app));
    }

    Set<String> leaseKeys() {
        return leases().list().stream().map(Lease::leaseKey).collect(Collectors.toSet());
    }

    Set<String> openShards() {
        return aws.streams().listShards(stream).stream()
                .filter(s -> s.sequenceNumberRange().endingSequenceNumber() == null)
                .map(Shard::shardId).collect(Collectors.toSet());
    }

    String ownerOf(String shardId) {
        return leases().get(shardId).map(Lease::owner).orElse(null);
    }

    static ConditionFactory waiting(String what) {
        return await(what).atMost(TIMEOUT).pollInterval(Duration.ofMillis(50));
    }

    @Override
    public void close() {
        schedulers.forEach(Scheduler::close);
    }
}
