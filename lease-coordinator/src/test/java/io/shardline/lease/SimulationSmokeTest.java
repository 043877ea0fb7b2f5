package io.shardline.lease;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardline.lease.Cluster.Worker;
import io.shardline.lease.testing.StoreOperation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A small lease simulation of the kind benchmarks/ runs: many polled coordinators on the in-memory stores, seeded
 * random joins, kills, pauses and graceful leaves; afterwards the cluster must settle balanced and consistent.
 */
class SimulationSmokeTest {

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void randomChurnSettlesBalancedWithEveryLeaseOwnedByALiveWorker(long seed) {
        Random random = new Random(seed);
        Cluster cluster = new Cluster();
        cluster.createLeases(200);
        List<String> running = new ArrayList<>();
        int next = 0;
        for (; next < 5; next++) {
            cluster.add("w" + next);
            running.add("w" + next);
        }
        for (int event = 0; event < 25; event++) {
            cluster.runFor(Duration.ofMillis(500 + random.nextInt(8000)));
            int dice = random.nextInt(10);
            if (dice < 4 || running.size() < 3) {
                cluster.add("w" + next);
                running.add("w" + next++);
            } else if (dice < 6) {
                String victim = running.remove(random.nextInt(running.size()));
                cluster.pause(victim); // killed for good
            } else if (dice < 8) {
                String leaving = running.remove(random.nextInt(running.size()));
                cluster.worker(leaving).coordinator.shutdown();
                cluster.pollNow(leaving);
            } else {
                String frozen = running.get(random.nextInt(running.size()));
                cluster.pause(frozen);
                cluster.runFor(Duration.ofMillis(random.nextInt(6000)));
                cluster.resume(frozen);
            }
        }

        cluster.runFor(Duration.ofSeconds(40));

        Map<String, Integer> counts = cluster.countsInTable();
        assertThat(counts.keySet()).containsExactlyInAnyOrderElementsOf(running);
        int min = counts.values().stream().mapToInt(i -> i).min().orElseThrow();
        int max = counts.values().stream().mapToInt(i -> i).max().orElseThrow();
        assertThat(max - min).as("%s", counts).isLessThanOrEqualTo(1);
        cluster.assertConsistent();
        long leaders = running.stream().filter(id -> cluster.worker(id).coordinator.isLeader()).count();
        assertThat(leaders).isEqualTo(1);
    }

    @Test
    void leaderAssigningAgainstASlowStoreSpreadsTheWritesOverRoundsAndKeepsHeartbeating() {
        Cluster cluster = new Cluster();
        cluster.createLeases(40);
        // every transfer takes 100 ms of (manual) time: the round's write budget is half a heartbeat interval
        cluster.leases.injectFault(StoreOperation.TRANSFER, key -> {
            cluster.clock.advance(Duration.ofMillis(100));
            return null;
        });
        Worker w1 = cluster.add("w1");

        cluster.runUntil(() -> !w1.owned().isEmpty(), Duration.ofSeconds(2));
        assertThat(w1.owned().size()).as("one round's budget").isBetween(1, 10);
        cluster.runUntil(() -> w1.owned().size() == 40, Duration.ofSeconds(20));

        assertThat(w1.coordinator.stats().selfFences()).isZero();
        assertThat(w1.coordinator.isLeader()).isTrue();
        cluster.assertConsistent();
    }
}
