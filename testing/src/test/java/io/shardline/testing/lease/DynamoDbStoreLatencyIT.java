package io.shardline.testing.lease;

import static io.shardline.testing.contract.LeaseAssert.assertOk;
import static org.assertj.core.api.Assertions.assertThat;

import io.shardline.lease.Checkpoint;
import io.shardline.lease.CheckpointUpdate;
import io.shardline.lease.CoordinationStore;
import io.shardline.lease.Lease;
import io.shardline.lease.LeaseStore;
import io.shardline.lease.LeaseTableConfig;
import io.shardline.lease.LeaseToken;
import io.shardline.lease.StoreResilienceConfig;
import io.shardline.testing.LocalAws;
import io.shardline.testing.TestNames;
import io.shardline.testing.WithLocalAws;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Measures what the DynamoDB stores cost on the emulator: latency of one conditional write (p50/p90/p99) and
 * throughput of sequential and parallel writes. Prints, does not assert numbers (they depend on the machine);
 * asserts only that every write was applied.
 */
@WithLocalAws
class DynamoDbStoreLatencyIT {

    private static final Logger log = LoggerFactory.getLogger(DynamoDbStoreLatencyIT.class);
    private static final int WARMUP = 100;
    private static final int ROUNDS = 500;

    private LocalAws aws;
    private LeaseTableConfig config;
    private LeaseStore store;

    @BeforeEach
    void table(LocalAws localAws, TestNames names) {
        aws = localAws;
        config = LeaseTableConfig.of(names.table());
        store = LeaseStore.dynamoDb(aws.dynamoDbAsync(), config);
        store.initialize();
    }

    @Test
    void measuresTransferAndCheckpointLatency() {
        store.createIfAbsent(Lease.unowned("shardId-0"));
        LeaseToken[] token = {new LeaseToken("shardId-0", null, 0)};
        IntConsumer transfer = i -> token[0] = assertOk(store.transfer(token[0], i % 2 == 0 ? "a" : "b")).token();
        IntConsumer checkpoint = i -> assertOk(store.checkpoint(token[0],
                CheckpointUpdate.commit(Checkpoint.of(Long.toString(1_000_000L + i)), new byte[100])));
        LeaseStore resilient = LeaseStore.resilient(store, StoreResilienceConfig.defaults());
        IntConsumer resilientCheckpoint = i -> assertOk(resilient.checkpoint(token[0],
                CheckpointUpdate.commit(Checkpoint.of(Long.toString(2_000_000L + i)), new byte[100])));

        measure("baseline: raw SDK UpdateItem ADD, no condition, same client", i -> aws.dynamoDbAsync()
                .updateItem(b -> b.tableName(config.tableName()).key(Map.of("leaseKey", s("baseline")))
                        .updateExpression("ADD n :one").expressionAttributeValues(Map.of(":one", n("1"))))
                .join());
        measure("transfer (UpdateItem, fenced, ALL_NEW)", transfer);
        measure("checkpoint (UpdateItem, fenced, 100 B state)", checkpoint);
        measure("checkpoint through LeaseStore.resilient", resilientCheckpoint);
        measure("get (consistent GetItem)", i -> assertThat(store.get("shardId-0")).isPresent());

        assertThat(store.get("shardId-0").orElseThrow().counter()).isEqualTo(WARMUP + ROUNDS);
        // The baseline row has none of the lease attributes, so it is not a lease (KCL's rule, as for KCL 3's rows).
        assertThat(store.list()).extracting(Lease::leaseKey).containsExactly("shardId-0");
    }

    @Test
    void measuresParallelCheckpointThroughput() throws Exception {
        int threads = 4;
        int perThread = 250;
        List<LeaseToken> tokens = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            store.createIfAbsent(Lease.unowned("shardId-" + t));
            tokens.add(assertOk(store.transfer(new LeaseToken("shardId-" + t, null, 0), "w" + t)).token());
        }
        AtomicInteger names = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads,
                r -> new Thread(r, "shardline-latency-" + names.incrementAndGet()));
        try {
            long started = System.nanoTime();
            List<Future<?>> futures = new ArrayList<>();
            for (LeaseToken token : tokens) {
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        assertOk(store.checkpoint(token, CheckpointUpdate.commit(Checkpoint.of("" + i), null)));
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            report(String.format(Locale.ROOT, "parallel checkpoints: %d threads x %d writes in %.2f s = %.0f writes/s",
                    threads, perThread, seconds, threads * perThread / seconds));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void measuresOwnLeaseDiscoveryAndHeartbeat() {
        for (int i = 0; i < 100; i++) {
            String key = String.format("shardId-%03d", i);
            store.createIfAbsent(Lease.unowned(key));
            assertOk(store.transfer(new LeaseToken(key, null, 0), i < 50 ? "a" : "b"));
        }
        CoordinationStore coordination = CoordinationStore.dynamoDb(aws.dynamoDbAsync(), config);
        coordination.initialize();

        measureFew("listOwnedBy (50 of 100 leases: Query + BatchGetItem)", 50,
                i -> assertThat(store.listOwnedBy("a")).hasSize(50));
        measureFew("list (Scan of 100 leases)", 50, i -> assertThat(store.list()).hasSize(100));
        measure("heartbeat (UpdateItem ALL_NEW)", i -> coordination.heartbeat("w1", false));
    }

    private void measure(String what, IntConsumer op) {
        for (int i = 0; i < WARMUP; i++) {
            op.accept(i);
        }
        measureRounds(what, ROUNDS, WARMUP, op);
    }

    private void measureFew(String what, int rounds, IntConsumer op) {
        for (int i = 0; i < 5; i++) {
            op.accept(i);
        }
        measureRounds(what, rounds, 5, op);
    }

    private void measureRounds(String what, int rounds, int offset, IntConsumer op) {
        long[] nanos = new long[rounds];
        long started = System.nanoTime();
        for (int i = 0; i < rounds; i++) {
            long t0 = System.nanoTime();
            op.accept(offset + i);
            nanos[i] = System.nanoTime() - t0;
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        Arrays.sort(nanos);
        report(String.format(Locale.ROOT, "%s: n=%d p50=%.2f ms p90=%.2f ms p99=%.2f ms max=%.2f ms, %.0f ops/s",
                what, rounds, ms(nanos, 0.50), ms(nanos, 0.90), ms(nanos, 0.99), nanos[rounds - 1] / 1e6,
                rounds / seconds));
    }

    private static AttributeValue s(String value) {
        return AttributeValue.builder().s(value).build();
    }

    private static AttributeValue n(String value) {
        return AttributeValue.builder().n(value).build();
    }

    private static double ms(long[] sorted, double quantile) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)] / 1e6;
    }

    private static void report(String line) {
        log.info("[measure] {}", line);
        System.out.println("[measure] " + line);
    }
}
