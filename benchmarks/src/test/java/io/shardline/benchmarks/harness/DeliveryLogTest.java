package io.shardline.benchmarks.harness;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardline.benchmarks.harness.WorkerLine.Change;
import io.shardline.benchmarks.harness.WorkerLine.Delivery;
import io.shardline.benchmarks.harness.WorkerLine.LeaseChange;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeliveryLogTest {

    private final DeliveryLog log = new DeliveryLog();

    private static Delivery delivery(long at, String worker, String shard, String seq, String key, long put,
                                     long keySeq) {
        return new Delivery(at, worker, shard, seq, key, new Payload(put, keySeq));
    }

    @Test
    void countsARedeliveredRecordAsADuplicateOnlyAfterItsFirstDelivery() {
        log.accept(delivery(100, "w1", "s0", "1", "k", 90, 0));
        log.accept(delivery(110, "w1", "s0", "2", "k", 95, 1));
        log.accept(delivery(200, "w2", "s0", "2", "k", 95, 1));

        assertThat(log.deliveryCount()).isEqualTo(3);
        assertThat(log.distinctCount()).isEqualTo(2);
        assertThat(log.duplicates()).isEqualTo(1);
        assertThat(log.duplicatesSince(150)).isEqualTo(1);
        assertThat(log.duplicatesSince(201)).isZero();
    }

    @Test
    void latencyIsFirstDeliveryMinusPutTimeForRecordsPutSinceTheStart() {
        log.accept(delivery(100, "w1", "s0", "1", "k", 50, 0));
        log.accept(delivery(130, "w1", "s0", "2", "k", 120, 1));
        log.accept(delivery(500, "w2", "s0", "2", "k", 120, 1));

        assertThat(log.latenciesMillis(100)).containsExactly(10);
    }

    @Test
    void findsKeysWhoseFirstDeliveriesGoBackwards() {
        log.accept(delivery(100, "w1", "s0", "1", "a", 0, 0));
        log.accept(delivery(101, "w1", "s0", "2", "a", 0, 1));
        log.accept(delivery(102, "w1", "s1", "3", "b", 0, 1));
        log.accept(delivery(103, "w2", "s1", "4", "b", 0, 0));

        assertThat(log.keyOrderViolations()).isEqualTo(1);
    }

    @Test
    void firstDeliveryAfterSkipsExcludedWorkersAndEarlierDeliveries() {
        log.accept(delivery(100, "w1", "s0", "1", "a", 0, 0));
        log.accept(delivery(300, "w1", "s0", "2", "a", 0, 1));
        log.accept(delivery(400, "w2", "s0", "3", "a", 0, 2));

        assertThat(log.firstDeliveryAfter("s0", 200, w -> !w.equals("w1"))).hasValue(400);
        assertThat(log.firstDeliveryAfter("s1", 0, w -> true)).isEmpty();
    }

    @Test
    void ownersFollowTheLeaseLines() {
        log.accept(new LeaseChange(1, "w1", Change.ACQUIRED, "s0"));
        log.accept(new LeaseChange(2, "w1", Change.ACQUIRED, "s1"));
        log.accept(new LeaseChange(3, "w2", Change.ACQUIRED, "s1"));
        log.accept(new LeaseChange(4, "w1", Change.LOST, "s1"));
        log.accept(new LeaseChange(5, "w1", Change.RELEASED, "s0"));

        assertThat(log.owners()).isEqualTo(Map.of("s1", "w2"));
    }
}
