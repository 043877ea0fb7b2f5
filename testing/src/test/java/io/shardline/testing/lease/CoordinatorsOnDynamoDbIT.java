package io.shardline.testing.lease;

import static io.shardline.testing.contract.LeaseAssert.assertFenced;
import static io.shardline.testing.contract.LeaseAssert.assertOk;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.shardline.lease.Checkpoint;
import io.shardline.lease.CheckpointUpdate;
import io.shardline.lease.CoordinationStore;
import io.shardline.lease.Lease;
import io.shardline.lease.LeaseCoordinator;
import io.shardline.lease.LeaseCoordinatorConfig;
import io.shardline.lease.LeaseEvent;
import io.shardline.lease.LeaseStore;
import io.shardline.lease.LeaseTableConfig;
import io.shardline.lease.LeaseToken;
import io.shardline.lease.LossReason;
import io.shardline.testing.LocalAws;
import io.shardline.testing.TestNames;
import io.shardline.testing.WithLocalAws;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Several threaded coordinators sharing one lease table and one coordination table in DynamoDB (dynalite): the real
 * protocol over HTTP, with short timings so the suite stays quick.
 */
@WithLocalAws
class CoordinatorsOnDynamoDbIT {

    private static final int LEASES = 12;
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    private final List<LeaseCoordinator> started = new ArrayList<>();
    private final Map<String, ConcurrentLinkedQueue<LeaseEvent>> events = new ConcurrentHashMap<>();
    private LocalAws aws;
    private LeaseTableConfig tables;
    private LeaseStore observer;

    @BeforeEach
    void tables(LocalAws localAws, TestNames names) {
        aws = localAws;
        tables = LeaseTableConfig.builder(names.table()).tableCreationTimeout(Duration.ofSeconds(60)).build();
        observer = LeaseStore.dynamoDb(aws.dynamoDbAsync(), tables);
        observer.initialize();
        CoordinationStore.dynamoDb(aws.dynamoDbAsync(), tables).initialize();
        for (int i = 0; i < LEASES; i++) {
            observer.createIfAbsent(Lease.unowned(String.format("shardId-%012d", i)));
        }
    }

    @AfterEach
    void stopAll() {
        started.forEach(LeaseCoordinator::close);
    }

    private LeaseCoordinator start(String workerId) {
        LeaseCoordinatorConfig config = LeaseCoordinatorConfig.builder()
                .workerId(workerId)
                .heartbeatInterval(Duration.ofMillis(250))
                .failoverTimeout(Duration.ofMillis(1500))
                .handoffTimeout(Duration.ofSeconds(3))
                .leaseScanInterval(Duration.ofSeconds(2))
                .leaseSyncInterval(Duration.ofSeconds(2))
                .foreignOwnerTimeout(Duration.ofSeconds(3))
                .autoCompleteHandoff(true)
                .build();
        ConcurrentLinkedQueue<LeaseEvent> log = new ConcurrentLinkedQueue<>();
        events.put(workerId, log);
        LeaseCoordinator coordinator = LeaseCoordinator.create(config,
                LeaseStore.dynamoDb(aws.dynamoDbAsync(), tables),
                CoordinationStore.dynamoDb(aws.dynamoDbAsync(), tables),
                log::add);
        coordinator.start();
        started.add(coordinator);
        return coordinator;
    }

    private Map<String, Long> ownerCounts() {
        return observer.list().stream()
                .collect(Collectors.groupingBy(l -> String.valueOf(l.owner()), Collectors.counting()));
    }

    private void awaitBalancedOver(Set<String> workers) {
        await().atMost(DEADLINE).untilAsserted(() -> {
            Map<String, Long> counts = ownerCounts();
            assertThat(counts.keySet()).isEqualTo(workers);
            long min = counts.values().stream().mapToLong(Long::longValue).min().orElseThrow();
            long max = counts.values().stream().mapToLong(Long::longValue).max().orElseThrow();
            assertThat(max - min).as("balance of %s", counts).isLessThanOrEqualTo(1);
        });
    }

    private void awaitEachWorkerKnowsItsLeases() {
        await().atMost(DEADLINE).untilAsserted(() -> {
            for (LeaseCoordinator c : started) {
                Set<String> inTable = observer.list().stream()
                        .filter(l -> c.workerId().equals(l.owner())).map(Lease::leaseKey).collect(Collectors.toSet());
                assertThat(c.ownedLeases()).extracting(LeaseToken::leaseKey)
                        .containsExactlyInAnyOrderElementsOf(inTable);
            }
        });
    }

    @Test
    void threeWorkersShareTwelveLeasesEvenlyAndEachKnowsItsOwn() {
        start("w1");
        start("w2");
        start("w3");

        awaitBalancedOver(Set.of("w1", "w2", "w3"));
        awaitEachWorkerKnowsItsLeases();
        assertThat(started).filteredOn(LeaseCoordinator::isLeader).hasSize(1);
    }

    @Test
    void crashedWorkersLeasesMoveToLiveWorkersAndItsStaleCheckpointIsFenced() {
        LeaseCoordinator doomed = start("w1");
        start("w2");
        start("w3");
        awaitBalancedOver(Set.of("w1", "w2", "w3"));
        LeaseToken zombieToken = observer.list().stream()
                .filter(l -> l.isOwnedBy("w1")).findFirst().orElseThrow().token();

        doomed.close(); // no goodbye: peers must detect the silence
        started.remove(doomed);

        awaitBalancedOver(Set.of("w2", "w3"));
        assertFenced(observer.checkpoint(zombieToken,
                CheckpointUpdate.commit(Checkpoint.of("49590338271490256608559692538361571095921575989136588898"),
                        null)));
    }

    @Test
    void gracefulShutdownHandsEveryLeaseOffWithoutWaitingForExpiry() throws Exception {
        LeaseCoordinator leaving = start("w1");
        start("w2");
        start("w3");
        awaitBalancedOver(Set.of("w1", "w2", "w3"));
        awaitEachWorkerKnowsItsLeases();
        int held = leaving.ownedLeases().size();
        events.get("w1").clear(); // only what the shutdown does counts below

        leaving.shutdown().get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        started.remove(leaving);

        // Every lease left w1 by a completed handoff (not by peers taking it over after expiry).
        assertThat(events.get("w1")).filteredOn(e -> e instanceof LeaseEvent.Lost)
                .hasSize(held)
                .allSatisfy(e -> assertThat(((LeaseEvent.Lost) e).reason()).isEqualTo(LossReason.HANDED_OFF));
        assertThat(ownerCounts().keySet()).doesNotContain("w1", "null");
        awaitBalancedOver(Set.of("w2", "w3"));
    }

    @Test
    void joiningWorkerGetsItsShareThroughHandoffs() {
        start("w1");
        start("w2");
        awaitBalancedOver(Set.of("w1", "w2"));

        start("w3");

        awaitBalancedOver(Set.of("w1", "w2", "w3"));
        assertThat(events.get("w1")).filteredOn(e -> e instanceof LeaseEvent.HandoffRequested).isNotEmpty();
    }

    @Test
    void leaseOfAKclWorkerIsLeftAloneWhileItRenewsAndTakenOverWhenItStops() {
        // A KCL worker (not a Shardline member) owns one lease and renews it by bumping leaseCounter, as KCL does.
        String kclLease = "shardId-000000000000";
        assertOk(observer.transfer(observer.get(kclLease).orElseThrow().token(), "kcl-worker-1"));
        ScheduledExecutorService kclRenewer = Executors.newSingleThreadScheduledExecutor();
        kclRenewer.scheduleAtFixedRate(() -> aws.dynamoDb().updateItem(b -> b.tableName(tables.tableName())
                        .key(Map.of("leaseKey", AttributeValue.fromS(kclLease)))
                        .updateExpression("SET leaseCounter = leaseCounter + :one")
                        .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1")))),
                0, 500, TimeUnit.MILLISECONDS);
        try {
            start("w1");
            start("w2");
            await().during(Duration.ofSeconds(6)).atMost(Duration.ofSeconds(10))
                    .until(() -> "kcl-worker-1".equals(observer.get(kclLease).orElseThrow().owner()));
        } finally {
            kclRenewer.shutdownNow();
        }

        // The KCL worker stopped (rolled over to Shardline): its lease is taken after foreignOwnerTimeout.
        await().atMost(DEADLINE).untilAsserted(() ->
                assertThat(observer.get(kclLease).orElseThrow().owner()).isIn("w1", "w2"));
        awaitBalancedOver(Set.of("w1", "w2"));
    }
}
