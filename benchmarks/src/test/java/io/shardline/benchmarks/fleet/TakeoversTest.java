package io.shardline.benchmarks.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardline.benchmarks.harness.Payload;
import io.shardline.benchmarks.harness.WorkerLine.Delivery;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TakeoversTest {

    private static Delivery at(long millis, String worker, String shard, String seq, long putMillis) {
        return new Delivery(millis, worker, shard, seq, "k", new Payload(putMillis, 0));
    }

    @Test
    void timesEachShardToItsFirstDeliveryAtAnotherWorkerAfterTheKill() {
        Takeovers takeovers = Takeovers.leaving(List.of("s0", "s1"), "w1", 1_000);
        List<Delivery> deliveries = List.of(
                at(900, "w2", "s0", "1", 800),    // before the kill: ignored
                at(1_100, "w1", "s0", "2", 950),  // the leaving worker itself (still flushing): ignored
                at(4_000, "w2", "s0", "2", 950),  // first delivery elsewhere, a redelivery: counts
                at(4_500, "w3", "s0", "3", 4_400),
                at(5_200, "w3", "s1", "7", 5_100),
                at(9_000, "w3", "s2", "9", 9_000)); // not a moved shard

        assertThat(takeovers.millisToFirstDelivery(deliveries)).isEqualTo(Map.of("s0", 3_000L, "s1", 4_200L));
        assertThat(takeovers.allBack(deliveries)).isTrue();
        assertThat(takeovers.allBack(deliveries.subList(0, 4))).isFalse();
    }

    @Test
    void caughtUpOnlyOnceEveryShardDeliveredARecordPutAfterTheMoveElsewhere() {
        Takeovers takeovers = Takeovers.leaving(List.of("s0", "s1"), "w1", 1_000);
        List<Delivery> old = List.of(
                at(1_500, "w2", "s0", "5", 900),
                at(1_600, "w2", "s1", "6", 900),
                at(1_700, "w1", "s1", "8", 1_200)); // fresh, but at the leaving worker

        assertThat(takeovers.caughtUp(old)).isFalse();

        List<Delivery> fresh = new ArrayList<>(old);
        fresh.add(at(1_800, "w2", "s0", "7", 1_100));
        fresh.add(at(1_900, "w3", "s1", "8", 1_200));
        assertThat(takeovers.caughtUp(fresh)).isTrue();
    }

    @Test
    void countsRedeliveriesOfTheMovedShardsFromTheMoveOn() {
        Takeovers takeovers = Takeovers.leaving(List.of("s0"), "w1", 1_000);
        List<Delivery> deliveries = List.of(
                at(500, "w1", "s0", "1", 400),
                at(600, "w1", "s0", "2", 500),
                at(700, "w9", "s0", "2", 500),   // a duplicate before the move: not counted
                at(1_200, "w2", "s0", "1", 400), // redelivered after the move
                at(1_210, "w2", "s0", "2", 500), // redelivered after the move
                at(1_220, "w2", "s0", "3", 1_100),
                at(1_230, "w2", "s5", "1", 400),
                at(1_240, "w3", "s5", "1", 400)); // another shard's duplicate: not counted

        assertThat(takeovers.duplicates(deliveries)).isEqualTo(2);
    }

    @Test
    void aMoveWithManyPreviousOwnersJudgesEachShardByItsOwn() {
        Takeovers takeovers = new Takeovers(Map.of("s0", "w1", "s1", "w2"), 1_000);
        List<Delivery> deliveries = List.of(
                at(1_100, "w2", "s0", "1", 1_050),  // s0 now at w2: back
                at(1_200, "w2", "s1", "1", 1_050),  // s1 still at its previous owner w2: not back
                at(1_300, "w4", "s1", "2", 1_060));

        assertThat(takeovers.millisToFirstDelivery(deliveries)).isEqualTo(Map.of("s0", 100L, "s1", 300L));
    }

    @Test
    void rejectsAMoveOfNoShard() {
        assertThatThrownBy(() -> Takeovers.leaving(List.of(), "w1", 5))
                .hasMessageContaining("previousOwners must not be empty: no shard moved at 5");
    }
}
