package io.shardline.kcl.internal.advisor;

import static io.shardline.kcl.internal.advisor.Loads.shard;
import static org.assertj.core.api.Assertions.assertThat;

import io.shardline.kcl.advisor.Advice;
import io.shardline.kcl.advisor.AdvisorConfig;
import io.shardline.kcl.advisor.CapacityMode;
import io.shardline.kcl.advisor.ReshardAction;
import io.shardline.kcl.advisor.ReshardAdvisor;
import io.shardline.kcl.advisor.ShardAdvice;
import io.shardline.kcl.advisor.ShardLoad;
import io.shardline.kcl.advisor.StreamLoad;
import io.shardline.kcl.advisor.Verdict;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ClassifierTest {

    private static final AdvisorConfig CONFIG = AdvisorConfig.defaults();

    private static Advice advise(ShardLoad... shards) {
        return ReshardAdvisor.classify(new StreamLoad("s", CapacityMode.PROVISIONED, "ACTIVE", List.of(shards), 0),
                CONFIG);
    }

    private static List<Verdict> verdicts(Advice advice) {
        return advice.shards().stream().map(ShardAdvice::verdict).toList();
    }

    @Test
    void hotShardIsSplitAtTheWeightedMedianOfItsKeysNotTheRangeMidpoint() {
        ShardLoad hot = shard(0, 4, 900);
        BigInteger base = hot.startingHashKey().add(BigInteger.valueOf(1_000));
        // 100 keys in a narrow band at the bottom of the range, equal weights.
        hot = hot.withHashKeyWeights(Loads.keys(base, BigInteger.TEN, 100, 9));
        Advice advice = advise(hot, shard(1, 4, 500), shard(2, 4, 400), shard(3, 4, 450));

        assertThat(verdicts(advice)).containsExactly(Verdict.PRODUCER_HOT, Verdict.HEALTHY, Verdict.HEALTHY,
                Verdict.HEALTHY);
        assertThat(advice.actions()).hasSize(1);
        ReshardAction.Split split = (ReshardAction.Split) advice.actions().get(0);
        assertThat(split.shardId()).isEqualTo("shardId-0");
        // Between key 49 and key 50 of the band: half the weight on each side, far below the range midpoint.
        assertThat(split.newStartingHashKey()).isGreaterThan(base.add(BigInteger.valueOf(490)))
                .isLessThanOrEqualTo(base.add(BigInteger.valueOf(500)));
        BigInteger midpoint = hot.startingHashKey().add(hot.endingHashKey()).shiftRight(1);
        assertThat(split.newStartingHashKey()).isLessThan(midpoint);
    }

    @Test
    void splitPointFollowsWeightsNotKeyCount() {
        ShardLoad hot = shard(0, 1, 950);
        SortedMap<BigInteger, Long> weights = new TreeMap<>();
        weights.put(BigInteger.valueOf(100), 10L);
        weights.put(BigInteger.valueOf(200), 10L);
        weights.put(BigInteger.valueOf(300), 10L);
        weights.put(BigInteger.valueOf(400), 1_000L);
        weights.put(BigInteger.valueOf(500), 970L);
        Advice advice = advise(hot.withHashKeyWeights(weights));
        ReshardAction.Split split = (ReshardAction.Split) advice.actions().get(0);
        // Below 500: 1,030 of 2,000; the best cut is between 400 and 500.
        assertThat(split.newStartingHashKey()).isBetween(BigInteger.valueOf(401), BigInteger.valueOf(500));
    }

    @Test
    void hotOnOneKeyIsNotSplitAndSaysWhy() {
        ShardLoad hot = shard(0, 2, 990).withHashKeyWeights(new TreeMap<>(java.util.Map.of(BigInteger.TEN, 5000L)));
        Advice advice = advise(hot, shard(1, 2, 400));
        assertThat(advice.actions()).isEmpty();
        assertThat(advice.notes()).anyMatch(n -> n.contains("one hash key"));
    }

    @Test
    void hotByBytesCountsToo() {
        ShardLoad bytesHot = new ShardLoad("shardId-0", Loads.start(0, 2), Loads.end(0, 2), 100, 900_000, 100, 0, 0,
                0, new TreeMap<>(), 5000, true);
        assertThat(verdicts(advise(bytesHot, shard(1, 2, 400)))).containsExactly(Verdict.PRODUCER_HOT,
                Verdict.HEALTHY);
    }

    @Test
    void growingLagWithModestIngestIsConsumerBoundAndAdvisesNoReshard() {
        ShardLoad slow = Loads.lagging(shard(0, 2, 100), 30_000, 800, 20);
        Advice advice = advise(slow, shard(1, 2, 400));
        assertThat(verdicts(advice)).containsExactly(Verdict.CONSUMER_BOUND, Verdict.HEALTHY);
        assertThat(advice.actions()).isEmpty();
        assertThat(advice.notes()).anyMatch(n -> n.contains("workers or per-key lanes"));
    }

    @Test
    void shrinkingLagIsNotConsumerBound() {
        ShardLoad catchingUp = Loads.lagging(shard(0, 2, 300), 30_000, -500, 900);
        assertThat(verdicts(advise(catchingUp, shard(1, 2, 400)))).containsExactly(Verdict.HEALTHY, Verdict.HEALTHY);
    }

    @Test
    void growingLagOnAHotShardIsProducerHot() {
        ShardLoad hot = Loads.lagging(shard(0, 2, 950), 30_000, 800, 500);
        assertThat(verdicts(advise(hot, shard(1, 2, 400)))).first().isEqualTo(Verdict.PRODUCER_HOT);
    }

    @Test
    void getRecordsThrottlesMakeAShardReadThrottled() {
        ShardLoad read = Loads.throttled(shard(0, 2, 300), 0.5);
        Advice advice = advise(read, shard(1, 2, 400));
        assertThat(verdicts(advice)).containsExactly(Verdict.READ_THROTTLED, Verdict.HEALTHY);
        assertThat(advice.actions()).isEmpty();
        assertThat(advice.notes()).anyMatch(n -> n.contains("fan-out"));
    }

    @Test
    void coldAdjacentPairsAreMergedEachShardOnce() {
        Advice advice = advise(shard(0, 4, 10), shard(1, 4, 20), shard(2, 4, 15), shard(3, 4, 600));
        assertThat(verdicts(advice)).containsExactly(Verdict.COLD, Verdict.COLD, Verdict.COLD, Verdict.HEALTHY);
        assertThat(advice.actions()).containsExactly(new ReshardAction.Merge("shardId-0", "shardId-1"));
    }

    @Test
    void coldShardsThatAreNotHashAdjacentAreNotMerged() {
        ShardLoad a = shard(0, 4, 10);
        ShardLoad c = shard(2, 4, 10);
        Advice advice = advise(a, c, shard(3, 4, 500)); // shard 1's range is missing between them
        assertThat(advice.actions()).isEmpty();
    }

    @Test
    void uniformHotLoadAdvisesUpdateShardCountAtMostDouble() {
        Advice advice = advise(shard(0, 3, 950), shard(1, 3, 960), shard(2, 3, 940));
        assertThat(advice.actions()).containsExactly(new ReshardAction.UpdateShardCount(3, 6));
    }

    @Test
    void uniformColdLoadHalvesAtMost() {
        Advice advice = advise(shard(0, 4, 5), shard(1, 4, 5), shard(2, 4, 5), shard(3, 4, 5));
        assertThat(advice.actions()).containsExactly(new ReshardAction.UpdateShardCount(4, 2));
    }

    @Test
    void skewedHotLoadSplitsTheHottestInsteadOfScalingTheStream() {
        ShardLoad a = shard(0, 2, 2_000).withHashKeyWeights(Loads.keys(BigInteger.ONE, BigInteger.ONE, 10, 1));
        ShardLoad b = shard(1, 2, 850);
        Advice advice = advise(a, b);
        assertThat(advice.actions()).first().isInstanceOf(ReshardAction.Split.class)
                .extracting(x -> ((ReshardAction.Split) x).shardId()).isEqualTo("shardId-0");
    }

    @Test
    void updateShardCountQuotaExhaustedFallsBackToSplitsWithANote() {
        StreamLoad stream = new StreamLoad("s", CapacityMode.PROVISIONED, "ACTIVE",
                List.of(shard(0, 2, 950), shard(1, 2, 950)), 10);
        Advice advice = ReshardAdvisor.classify(stream, CONFIG);
        assertThat(advice.actions()).isNotEmpty().allMatch(a -> a instanceof ReshardAction.Split);
        assertThat(advice.notes()).anyMatch(n -> n.contains("last 24 h"));
    }

    @Test
    void onDemandStreamsGetNoReshardAction() {
        ShardLoad hot = shard(0, 2, 990).withHashKeyWeights(Loads.keys(BigInteger.ONE, BigInteger.TEN, 50, 3));
        StreamLoad stream = new StreamLoad("s", CapacityMode.ON_DEMAND, "ACTIVE", List.of(hot, shard(1, 2, 10)), 0);
        Advice advice = ReshardAdvisor.classify(stream, CONFIG);
        assertThat(verdicts(advice)).first().isEqualTo(Verdict.PRODUCER_HOT);
        assertThat(advice.actions()).isEmpty();
        assertThat(advice.notes()).anyMatch(n -> n.contains("on-demand"));
    }

    @Test
    void shardsThisWorkerDoesNotConsumeAreUnknownAndNeverMerged() {
        ShardLoad a = ShardLoad.unobserved("shardId-0", Loads.start(0, 2), Loads.end(0, 2));
        ShardLoad b = ShardLoad.unobserved("shardId-1", Loads.start(1, 2), Loads.end(1, 2));
        Advice advice = advise(a, b);
        assertThat(verdicts(advice)).containsExactly(Verdict.UNKNOWN, Verdict.UNKNOWN);
        assertThat(advice.actions()).isEmpty();
    }

    @Test
    void fewSamplesAreUnknown() {
        ShardLoad thin = new ShardLoad("shardId-0", Loads.start(0, 2), Loads.end(0, 2), 990, 99_000, 990, 0, 0, 0,
                new TreeMap<>(), 3, true);
        assertThat(verdicts(advise(thin, shard(1, 2, 400)))).first().isEqualTo(Verdict.UNKNOWN);
    }

    @Test
    void lowWriteLimitsMakeModestIngestHot() {
        AdvisorConfig low = CONFIG.toBuilder().writeLimitRecordsPerSecond(100).minLag(Duration.ZERO).build();
        Advice advice = ReshardAdvisor.classify(new StreamLoad("s", CapacityMode.PROVISIONED, "ACTIVE",
                List.of(shard(0, 2, 90), shard(1, 2, 10)), 0), low);
        assertThat(verdicts(advice)).containsExactly(Verdict.PRODUCER_HOT, Verdict.COLD);
    }
}
