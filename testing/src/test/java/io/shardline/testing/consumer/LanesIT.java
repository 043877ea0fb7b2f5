package io.shardline.testing.consumer;

import static io.shardline.testing.consumer.ConsumerIt.config;
import static io.shardline.testing.consumer.ConsumerIt.records;
import static io.shardline.testing.consumer.ConsumerIt.waiting;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shardline.checkpoint.ExtendedSequenceNumber;
import io.shardline.kcl.InitializationInput;
import io.shardline.kcl.KinesisClientRecord;
import io.shardline.kcl.LanesConfig;
import io.shardline.kcl.LeaseLostInput;
import io.shardline.kcl.ProcessRecordsInput;
import io.shardline.kcl.RecordHandler;
import io.shardline.kcl.RecordHandlers;
import io.shardline.kcl.Scheduler;
import io.shardline.kcl.ShardEndedInput;
import io.shardline.kcl.ShardRecordProcessor;
import io.shardline.kcl.ShardRecordProcessorFactory;
import io.shardline.kcl.ShutdownRequestedInput;
import io.shardline.lease.Lease;
import io.shardline.lease.LeaseCoordinatorConfig;
import io.shardline.lease.LeaseStore;
import io.shardline.lease.LeaseTableConfig;
import io.shardline.testing.LocalAws;
import io.shardline.testing.TestNames;
import io.shardline.testing.WithLocalAws;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Lanes ({@link RecordHandlers#parallel}) on the emulators, two schedulers of one application, one shard: a graceful
 * move repeats nothing and keeps every key's order; a crash repeats only what was in flight, not everything above the
 * low-water mark, because the next owner skips the completed set stored with the checkpoint.
 */
@WithLocalAws
class LanesIT {

    private static final int LANES = 8;
    /**
     * For the planned move: 1 s heartbeats, failover after 10 s, so that a loaded machine (dynalite answering in over a
     * second) does not make a worker drop its lease, which would repeat records for a reason other than the move.
     */
    private static final LeaseCoordinatorConfig TOLERANT = ConsumerIt.FAST_COORDINATION.toBuilder()
            .heartbeatInterval(Duration.ofSeconds(1)).failoverTimeout(Duration.ofSeconds(10)).build();

    private final LocalAws aws;
    private final List<Scheduler> schedulers = new ArrayList<>();
    private final List<Handled> handled = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger lostLeases = new AtomicInteger();

    /** One record handled by {@code worker}. */
    private record Handled(String worker, ExtendedSequenceNumber position, String key, int index) {
    }

    LanesIT(LocalAws aws) {
        this.aws = aws;
    }

    @AfterEach
    void closeSchedulers() {
        release.countDown();
        schedulers.forEach(Scheduler::close);
    }

    @Test
    void aGracefulMoveOfALanesShardRepeatsNothingAndKeepsEveryKeysOrder(TestNames names) throws Exception {
        String stream = names.stream();
        String app = names.application();
        aws.streams().create(stream, 1);
        aws.streams().putRecords(stream, records(0, 200));
        Scheduler a = start(app, stream, "a", -1, TOLERANT);
        waiting("a processes").until(() -> count("a") >= 50);
        Scheduler b = start(app, stream, "b", -1, TOLERANT);

        AtomicInteger put = new AtomicInteger();
        CompletableFuture<Void> producer = CompletableFuture.runAsync(() -> {
            for (int i = 200; i < 800; i += 25) {
                aws.streams().putRecords(stream, records(i, i + 25));
                put.addAndGet(25);
            }
        });
        waiting("the producer under way").until(() -> put.get() >= 100);
        a.shutdown().get(60, TimeUnit.SECONDS);
        producer.get(60, TimeUnit.SECONDS);

        waiting("800 records processed").until(() -> distinct() == 800);
        assertThat(count("a")).isPositive();
        assertThat(count("b")).isPositive();
        assertThat(lostLeases.get()).as("no lease lost (that would repeat records legitimately)").isZero();
        assertThat(handled).as("no record handled twice").hasSize(800);
        assertKeysInOrder();
    }

    @Test
    void aCrashRepeatsOnlyWhatWasInFlightNotEverythingAboveTheLowWaterMark(TestNames names) {
        String stream = names.stream();
        String app = names.application();
        aws.streams().create(stream, 1);
        aws.streams().putRecords(stream, records(0, 300));
        Scheduler a = start(app, stream, "a", 50, ConsumerIt.FAST_COORDINATION); // a never gets record 50 done
        LeaseStore leases = LeaseStore.dynamoDb(aws.dynamoDbAsync(), LeaseTableConfig.of(app));
        waiting("a's checkpoint covers everything a processed, record 50 still in flight").until(() -> {
            Set<ExtendedSequenceNumber> byA = positionsOf("a");
            return byA.size() >= 150 && covered(leases, byA);
        });
        Lease atCrash = leases.list().get(0);
        ExtendedSequenceNumber lowWaterMark = ExtendedSequenceNumber.fromCheckpoint(atCrash.checkpoint());
        int aboveLowWaterMarkByA = (int) positionsOf("a").stream().filter(p -> p.isAfter(lowWaterMark)).count();

        a.close(); // a crash as far as the lease table is concerned: no further checkpoint
        start(app, stream, "b", -1, ConsumerIt.FAST_COORDINATION);

        waiting("300 records processed").until(() -> distinct() == 300);
        Set<ExtendedSequenceNumber> byA = positionsOf("a");
        long duplicates = positionsOf("b").stream().filter(byA::contains).count();
        assertThat(aboveLowWaterMarkByA).as("a processed many records above its low-water mark").isGreaterThan(100);
        assertThat(duplicates).as("only records in flight at the crash are repeated").isLessThanOrEqualTo(LANES);
        assertThat(count("b")).as("b skips what a completed above the low-water mark")
                .isLessThan(300 - aboveLowWaterMarkByA + LANES);
        assertKeysInOrderPerWorker();
    }

    private boolean covered(LeaseStore leases, Set<ExtendedSequenceNumber> processed) {
        List<Lease> all = leases.list();
        if (all.isEmpty() || all.get(0).checkpoint() == null) {
            return false;
        }
        Lease lease = all.get(0);
        ExtendedSequenceNumber checkpoint = ExtendedSequenceNumber.fromCheckpoint(lease.checkpoint());
        if (checkpoint.isSentinel()) {
            return false;
        }
        Set<ExtendedSequenceNumber> done = new HashSet<>(RecordHandlers.lanesCompletedAbove(lease.state()));
        return processed.stream().allMatch(p -> !p.isAfter(checkpoint) || done.contains(p));
    }

    private Scheduler start(String app, String stream, String worker, int stallAt, LeaseCoordinatorConfig coordination) {
        CountDownLatch gate = release;
        RecordHandler handler = record -> {
            int index = index(record);
            if (index == stallAt) {
                awaitQuietly(gate);
                return; // released at the end of the test: never counted as handled
            }
            handled.add(new Handled(worker, record.extendedSequenceNumber(), record.partitionKey(), index));
        };
        LanesConfig lanes = LanesConfig.builder().lanes(LANES).checkpointInterval(Duration.ZERO)
                .meterRegistry(new SimpleMeterRegistry()).applicationName(app).streamName(stream).build();
        ShardRecordProcessorFactory processors = countingLeaseLoss(RecordHandlers.parallel(() -> handler, lanes));
        Scheduler scheduler = Scheduler.create(config(aws, app, stream, worker, processors, new SimpleMeterRegistry())
                .leaseCoordinatorConfig(coordination.toBuilder().workerId(worker).build()).build());
        schedulers.add(scheduler);
        scheduler.start();
        return scheduler;
    }

    /** Counts {@code leaseLost} callbacks, passing every callback on. */
    private ShardRecordProcessorFactory countingLeaseLoss(ShardRecordProcessorFactory factory) {
        return shardId -> {
            ShardRecordProcessor delegate = factory.create(shardId);
            return new ShardRecordProcessor() {
                @Override
                public void initialize(InitializationInput input) {
                    delegate.initialize(input);
                }

                @Override
                public void processRecords(ProcessRecordsInput input) {
                    delegate.processRecords(input);
                }

                @Override
                public void leaseLost(LeaseLostInput input) {
                    lostLeases.incrementAndGet();
                    delegate.leaseLost(input);
                }

                @Override
                public void shardEnded(ShardEndedInput input) {
                    delegate.shardEnded(input);
                }

                @Override
                public void shutdownRequested(ShutdownRequestedInput input) {
                    delegate.shutdownRequested(input);
                }
            };
        };
    }

    private static int index(KinesisClientRecord record) {
        String text = new String(record.dataAsBytes(), StandardCharsets.UTF_8);
        return Integer.parseInt(text.substring(text.indexOf('#') + 1));
    }

    private long count(String worker) {
        return handled.stream().filter(h -> h.worker().equals(worker)).count();
    }

    private Set<ExtendedSequenceNumber> positionsOf(String worker) {
        Set<ExtendedSequenceNumber> out = new HashSet<>();
        handled.stream().filter(h -> h.worker().equals(worker)).forEach(h -> out.add(h.position()));
        return out;
    }

    private int distinct() {
        Set<ExtendedSequenceNumber> out = new HashSet<>();
        handled.forEach(h -> out.add(h.position()));
        return out.size();
    }

    /** Across both workers, in handling order, each key's records came in put order. */
    private void assertKeysInOrder() {
        Map<String, Integer> last = new HashMap<>();
        for (Handled h : handled) {
            Integer before = last.put(h.key(), h.index());
            assertThat(before == null || before < h.index()).as("key %s: %s after %s", h.key(), h.index(), before)
                    .isTrue();
        }
    }

    /** Within each worker, each key's records came in put order. */
    private void assertKeysInOrderPerWorker() {
        Map<String, Integer> last = new HashMap<>();
        for (Handled h : handled) {
            Integer before = last.put(h.worker() + "/" + h.key(), h.index());
            assertThat(before == null || before < h.index()).as("%s key %s: %s after %s", h.worker(), h.key(),
                    h.index(), before).isTrue();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
