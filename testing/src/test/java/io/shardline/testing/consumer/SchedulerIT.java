package io.shardline.testing.consumer;

import static io.shardline.testing.consumer.ConsumerIt.SHARDS;
import static io.shardline.testing.consumer.ConsumerIt.config;
import static io.shardline.testing.consumer.ConsumerIt.records;
import static io.shardline.testing.consumer.ConsumerIt.waiting;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shardline.checkpoint.ExtendedSequenceNumber;
import io.shardline.kcl.ConsumerConfig;
import io.shardline.kcl.Scheduler;
import io.shardline.lease.Lease;
import io.shardline.lease.LeaseStore;
import io.shardline.lease.LeaseTableConfig;
import io.shardline.testing.LocalAws;
import io.shardline.testing.TestNames;
import io.shardline.testing.WithLocalAws;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Schedulers of one application in one JVM against the emulators over real SDK clients: every record once and in
 * order per key, graceful handoff without duplicates, crash failover from the last checkpoint, and a zombie whose
 * checkpoint is fenced. 4 shards, 100 partition keys.
 */
@WithLocalAws
class SchedulerIT {

    private final LocalAws aws;
    private final Ledger ledger = new Ledger();
    private final List<Scheduler> schedulers = new ArrayList<>();

    SchedulerIT(LocalAws aws) {
        this.aws = aws;
    }

    @AfterEach
    void closeSchedulers() {
        schedulers.forEach(Scheduler::close);
    }

    @Test
    void threeSchedulersProcessEveryRecordOnceInOrderPerKey(TestNames names) {
        String stream = names.stream();
        String app = names.application();
        aws.streams().create(stream, SHARDS);
        List<String> written = new ArrayList<>(aws.streams().putRecords(stream, records(0, 600)));
        List<Scheduler> three = List.of(start(app, stream, "a"), start(app, stream, "b"), start(app, stream, "c"));
        written.addAll(aws.streams().putRecords(stream, records(600, 1200)));

        waiting("1,200 records processed").until(() -> ledger.distinctProcessed() == 1200);
        waiting("every shard owned, spread over the three").until(() -> three.stream()
                .allMatch(s -> !s.ownedLeaseKeys().isEmpty())
                && three.stream().mapToInt(s -> s.ownedLeaseKeys().size()).sum() == SHARDS);

        assertThat(ledger.duplicates()).isEmpty();
        assertThat(ledger.entries).extracting(e -> e.position().sequenceNumber())
                .containsExactlyInAnyOrderElementsOf(written);
        assertStrictlyIncreasingPerKey();
    }

    @Test
    void aGracefulShutdownMidStreamHandsItsShardsOverWithZeroDuplicates(TestNames names) throws Exception {
        String stream = names.stream();
        String app = names.application();
        aws.streams().create(stream, SHARDS);
        aws.streams().putRecords(stream, records(0, 300));
        Scheduler a = start(app, stream, "a");
        Scheduler b = start(app, stream, "b");
        awaitBalancedAndProcessed(a, b, 300);
        Set<String> shardsOfA = Set.copyOf(a.ownedLeaseKeys());

        AtomicInteger put = new AtomicInteger();
        CompletableFuture<Void> producer = produce(stream, 300, 700, put);
        waiting("the producer under way").until(() -> put.get() >= 100);
        // a may have handed some of the leases it created to b while they balanced: count only the shutdown's.
        int callsBefore = ledger.calls.size();
        a.shutdown().get(30, TimeUnit.SECONDS);
        producer.get(60, TimeUnit.SECONDS);

        waiting("700 records processed").until(() -> ledger.distinctProcessed() == 700);
        waiting("b owns every shard").until(() -> b.ownedLeaseKeys().size() == SHARDS);
        assertThat(ledger.duplicates()).isEmpty();
        assertStrictlyIncreasingPerKey();
        for (String shard : shardsOfA) {
            ExtendedSequenceNumber handedOver = ledger.lastCheckpoint("a", shard).orElseThrow();
            assertThat(ledger.lastStart("b", shard).orElseThrow().input().startingPosition())
                    .as("b starts %s exactly at a's final checkpoint", shard).isEqualTo(handedOver);
        }
        assertThat(List.copyOf(ledger.calls).subList(callsBefore, ledger.calls.size()))
                .filteredOn(c -> c.worker().equals("a") && c.callback().equals("shutdownRequested"))
                .extracting(Ledger.Call::shardId).containsExactlyInAnyOrderElementsOf(shardsOfA);
    }

    @Test
    void aClosedSchedulersShardsContinueElsewhereFromTheLastCheckpoint(TestNames names) {
        String stream = names.stream();
        String app = names.application();
        aws.streams().create(stream, SHARDS);
        aws.streams().putRecords(stream, records(0, 400));
        // Checkpoint the middle record of each batch: the rest of the batch is processed but not yet checkpointed.
        Scheduler a = start(config(app, stream, "a",
                ledger.processors("a", batch -> batch.get(batch.size() / 2).extendedSequenceNumber())));
        Scheduler b = start(app, stream, "b");
        awaitBalancedAndProcessed(a, b, 400);
        Set<String> shardsOfA = Set.copyOf(a.ownedLeaseKeys());

        a.close();
        aws.streams().putRecords(stream, records(400, 600));

        waiting("600 records processed").until(() -> ledger.distinctProcessed() == 600);
        waiting("b resumed every shard of a").until(() -> shardsOfA.stream()
                .allMatch(shard -> ledger.lastStart("b", shard).isPresent()));
        for (String shard : shardsOfA) {
            ExtendedSequenceNumber checkpoint = ledger.lastCheckpoint("a", shard).orElseThrow();
            assertThat(ledger.lastStart("b", shard).orElseThrow().input().startingPosition())
                    .as("b resumes %s at a's last checkpoint (close wrote none of its own)", shard)
                    .isEqualTo(checkpoint);
            List<ExtendedSequenceNumber> byB = positionsOf("b", shard);
            assertThat(byB).as("b processes %s only after the checkpoint", shard)
                    .allMatch(p -> p.isAfter(checkpoint));
            Set<ExtendedSequenceNumber> byA = new HashSet<>(positionsOf("a", shard));
            assertThat(byB.stream().filter(byA::contains))
                    .as("duplicates of %s: only records after the last checkpoint", shard)
                    .allMatch(p -> p.isAfter(checkpoint));
        }
        assertThat(ledger.duplicates().keySet()).allMatch(p -> shardsOfA.contains(shardOf(p)));
        assertStrictlyIncreasingPerSession();
    }

    @Test
    void aZombieStopsProcessingAtItsFenceDeadlineBeforeItsLeasesAreTakenOver(TestNames names) {
        assumeTrue(aws.dynamoDbEndpoint() != null, "builds its own DynamoDB client for the local endpoint");
        String stream = names.stream();
        String app = names.application();
        aws.streams().create(stream, SHARDS);
        aws.streams().putRecords(stream, records(0, 200));
        PausableCoordinationWrites pausable = new PausableCoordinationWrites();
        try (var zombieDynamoDb = pausable.client(aws)) {
            Scheduler a = start(config(app, stream, "a", ledger.processors("a")).dynamoDbClient(zombieDynamoDb));
            Scheduler b = start(app, stream, "b");
            awaitBalancedAndProcessed(a, b, 200);
            Set<String> shardsOfA = Set.copyOf(a.ownedLeaseKeys());

            // a's coordinator hangs in its next heartbeat; before issue 11 its processors went on until a checkpoint
            // was fenced. Now each consumer checks the worker's fence deadline before every callback.
            pausable.pause();
            waiting("b took every lease over").until(() -> ownersOf(app).values().stream().allMatch("b"::equals));
            assertThat(a.ownedLeaseKeys()).as("a's coordinator never learned it lost its leases").isEqualTo(shardsOfA);
            waiting("a's processor of each of its shards ended with leaseLost").until(() -> shardsOfA.stream()
                    .allMatch(shard -> "leaseLost".equals(lastCallOf("a", shard))));
            List<String> afterTakeover = aws.streams().putRecords(stream, records(200, 400));

            waiting("b processed every record written after the takeover").until(() -> ledger.entriesOf("b").stream()
                    .map(e -> e.position().sequenceNumber()).collect(Collectors.toSet()).containsAll(afterTakeover));
            assertThat(ledger.distinctProcessed()).isEqualTo(400);
            assertThat(ledger.entriesOf("a")).as("a processed nothing written after the takeover")
                    .noneMatch(e -> afterTakeover.contains(e.position().sequenceNumber()));
            for (String shard : shardsOfA) {
                assertThat(leaseTable(app).get(shard).orElseThrow().checkpoint())
                        .isEqualTo(ledger.lastCheckpoint("b", shard).orElseThrow().toCheckpoint());
            }
            assertThat(pausable.heldCalls()).isPositive();
            pausable.resume();
            a.close();
        } finally {
            pausable.resume();
        }
    }

    @Test
    void twoApplicationsOnOneStreamEachSeeEveryRecord(TestNames names) {
        String stream = names.stream();
        aws.streams().create(stream, SHARDS);
        List<String> written = aws.streams().putRecords(stream, records(0, 400));
        Ledger other = new Ledger();
        String orders = names.application();
        String audit = names.application();

        start(orders, stream, "orders-1");
        start(orders, stream, "orders-2");
        start(config(audit, stream, "audit-1", other.processors("audit-1")));

        waiting("orders saw 400").until(() -> ledger.distinctProcessed() == 400);
        waiting("audit saw 400").until(() -> other.distinctProcessed() == 400);
        assertThat(ledger.duplicates()).isEmpty();
        assertThat(other.duplicates()).isEmpty();
        assertThat(other.entries).extracting(e -> e.position().sequenceNumber())
                .containsExactlyInAnyOrderElementsOf(written);
        assertThat(leaseTable(orders).list()).hasSize(SHARDS);
        assertThat(leaseTable(audit).list()).hasSize(SHARDS)
                .allMatch(lease -> "audit-1".equals(lease.owner()));
    }

    // ----- helpers -----

    private Scheduler start(String app, String stream, String worker) {
        return start(config(app, stream, worker, ledger.processors(worker)));
    }

    private ConsumerConfig.Builder config(String app, String stream, String worker,
            io.shardline.kcl.ShardRecordProcessorFactory processors) {
        return ConsumerIt.config(aws, app, stream, worker, processors, new SimpleMeterRegistry());
    }

    private Scheduler start(ConsumerConfig.Builder config) {
        Scheduler scheduler = Scheduler.create(config.build());
        schedulers.add(scheduler);
        scheduler.start();
        return scheduler;
    }

    private void awaitBalancedAndProcessed(Scheduler a, Scheduler b, int records) {
        waiting(records + " records processed").until(() -> ledger.distinctProcessed() == records);
        waiting("two shards each").until(() -> a.ownedLeaseKeys().size() == 2 && b.ownedLeaseKeys().size() == 2);
    }

    private CompletableFuture<Void> produce(String stream, int from, int to, AtomicInteger put) {
        return CompletableFuture.runAsync(() -> {
            for (int i = from; i < to; i += 25) {
                aws.streams().putRecords(stream, records(i, Math.min(to, i + 25)));
                put.addAndGet(Math.min(to, i + 25) - i);
            }
        });
    }

    private LeaseStore leaseTable(String app) {
        return LeaseStore.dynamoDb(aws.dynamoDbAsync(), LeaseTableConfig.of(app));
    }

    private Map<String, String> ownersOf(String app) {
        return leaseTable(app).list().stream()
                .collect(Collectors.toMap(Lease::leaseKey, l -> String.valueOf(l.owner())));
    }

    private String lastCallOf(String worker, String shard) {
        return ledger.lastStart(worker, shard).map(start -> ledger.callsOf(start.session()))
                .filter(calls -> !calls.isEmpty()).map(calls -> calls.get(calls.size() - 1)).orElse(null);
    }

    private List<ExtendedSequenceNumber> positionsOf(String worker, String shard) {
        return ledger.entries.stream().filter(e -> e.worker().equals(worker) && e.shardId().equals(shard))
                .map(Ledger.Entry::position).toList();
    }

    private String shardOf(ExtendedSequenceNumber position) {
        return ledger.entries.stream().filter(e -> e.position().equals(position)).findFirst().orElseThrow()
                .shardId();
    }

    /** Every key's records, across all sessions, were processed once each in sequence-number order. */
    private void assertStrictlyIncreasingPerKey() {
        ledger.positionsByKey().forEach((key, positions) -> {
            for (int i = 1; i < positions.size(); i++) {
                assertThat(positions.get(i)).as("records of %s in order: %s", key, positions)
                        .isGreaterThan(positions.get(i - 1));
            }
        });
    }

    /** Within each lease session, every key's records arrived in sequence-number order without repeats. */
    private void assertStrictlyIncreasingPerSession() {
        ledger.positionsBySessionAndKey().forEach((session, byKey) -> byKey.forEach((key, positions) -> {
            for (int i = 1; i < positions.size(); i++) {
                assertThat(positions.get(i)).as("session %s, key %s: %s", session, key, positions)
                        .isGreaterThan(positions.get(i - 1));
            }
        }));
    }
}
