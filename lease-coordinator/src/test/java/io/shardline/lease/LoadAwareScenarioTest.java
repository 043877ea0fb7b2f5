package io.shardline.lease;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardline.lease.Cluster.Worker;
import io.shardline.lease.testing.OperationCounts;
import io.shardline.lease.testing.StoreOperation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Whole coordinators (in-memory stores, manual clock) with the load-aware strategy: members publish their leases'
 * rates every 10 s as status items (what kcl-core's StatusPublisher does); the leader alone reads them.
 */
class LoadAwareScenarioTest {

    private static final Duration PUBLISH = Duration.ofSeconds(10);
    private static final LoadAwareConfig LOAD_AWARE = LoadAwareConfig.builder()
            .reading(new LoadReading(PUBLISH, Duration.ofSeconds(35), 0.5)).build();
    /** Shards 0 and 1 carry 28 % of the records each, the six others 7.3 %: the skew benchmark's traffic. */
    private static final Map<String, Double> RATES = rates();

    @Test
    void skewedFleetIsBalancedByLoadAndThenStopsMoving() {
        Cluster cluster = new Cluster(b -> b.assignmentStrategy(AssignmentStrategy.loadAware(LOAD_AWARE)));
        cluster.createLeases(8);
        cluster.add("w1");
        runPublishing(cluster, Duration.ofSeconds(30));
        assertThat(cluster.worker("w1").owned()).hasSize(8);
        cluster.add("w2");
        cluster.add("w3");
        cluster.add("w4");

        runPublishing(cluster, Duration.ofMinutes(4));
        Map<String, String> settled = cluster.ownersInTable();
        runPublishing(cluster, Duration.ofMinutes(2));

        assertThat(cluster.ownersInTable()).as("no move in the last 2 minutes").isEqualTo(settled);
        assertThat(maxOverMean(cluster)).isLessThanOrEqualTo(1.25);
        assertThat(settled.get("shard-0000")).isNotEqualTo(settled.get("shard-0001"));
        cluster.assertConsistent();
    }

    @Test
    void onlyTheLeaderReadsTheStatusItemsAtTheReadInterval() {
        Cluster cluster = new Cluster(b -> b.assignmentStrategy(AssignmentStrategy.loadAware(LOAD_AWARE)));
        cluster.createLeases(8);
        cluster.add("w1");
        cluster.add("w2");
        cluster.add("w3");
        OperationCounts before = cluster.coordination.operationCounts();

        runPublishing(cluster, Duration.ofMinutes(5));

        OperationCounts during = cluster.coordination.operationCounts().minus(before);
        // every member scans the members once per heartbeat (1 s): 3 x 300; status reads: one per 10 s, leader only
        assertThat(during.calls(StoreOperation.LIST_MEMBERS)).isGreaterThan(800);
        assertThat(during.calls(StoreOperation.LIST_STATUSES)).isBetween(25L, 31L);
    }

    @Test
    void countBalancedNeverReadsStatusItems() {
        Cluster cluster = new Cluster();
        cluster.createLeases(8);
        cluster.add("w1");
        cluster.add("w2");

        runPublishing(cluster, Duration.ofMinutes(1));

        assertThat(cluster.coordination.operationCounts().calls(StoreOperation.LIST_STATUSES)).isZero();
    }

    /** Runs {@code d}, every worker publishing its leases' rates every 10 s. */
    private static void runPublishing(Cluster cluster, Duration d) {
        for (Duration done = Duration.ZERO; done.compareTo(d) < 0; done = done.plus(PUBLISH)) {
            for (Worker w : cluster.workers()) {
                List<MemberStatus.LeaseStatus> leases = new ArrayList<>();
                for (String key : w.owned()) {
                    double rate = RATES.get(key);
                    leases.add(new MemberStatus.LeaseStatus(key, 0, rate, rate * 100, null, "PROCESSING"));
                }
                cluster.coordination.publishStatus(new MemberStatus(w.id, cluster.clock.instant(), PUBLISH, leases));
            }
            cluster.runFor(PUBLISH);
        }
    }

    private static double maxOverMean(Cluster cluster) {
        Map<String, Double> load = new HashMap<>();
        cluster.workers().forEach(w -> load.put(w.id, 0.0));
        cluster.ownersInTable().forEach((key, owner) -> load.merge(owner, RATES.get(key), Double::sum));
        double max = load.values().stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        double mean = load.values().stream().mapToDouble(Double::doubleValue).sum() / load.size();
        return max / mean;
    }

    private static Map<String, Double> rates() {
        Map<String, Double> out = new HashMap<>();
        for (int i = 0; i < 8; i++) {
            out.put(String.format("shard-%04d", i), i < 2 ? 84.0 : 22.0);
        }
        return out;
    }
}
