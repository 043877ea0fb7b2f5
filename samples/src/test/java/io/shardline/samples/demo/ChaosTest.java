package io.shardline.samples.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.shardline.samples.producer.ZipfKeys;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesis.model.Shard;

class ChaosTest {

    private static final BigInteger MAX = BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE);

    private static Shard shard(String id, BigInteger start, BigInteger end, String endingSequence) {
        return Shard.builder().shardId(id)
                .hashKeyRange(r -> r.startingHashKey(start.toString()).endingHashKey(end.toString()))
                .sequenceNumberRange(r -> r.startingSequenceNumber("1").endingSequenceNumber(endingSequence))
                .build();
    }

    @Test
    void theHottestShardIsTheOpenOneWithTheLargestShareOfTheSkewedKeys() {
        ZipfKeys keys = new ZipfKeys(500, 1.0);
        BigInteger quarter = MAX.shiftRight(2);
        List<Shard> shards = List.of(
                shard("shardId-000000000000", BigInteger.ZERO, quarter, null),
                shard("shardId-000000000001", quarter.add(BigInteger.ONE), quarter.shiftLeft(1), null),
                shard("shardId-000000000002", quarter.shiftLeft(1).add(BigInteger.ONE), MAX, null));
        double total = shards.stream().mapToDouble(s -> Chaos.share(s, keys)).sum();
        assertThat(total).isCloseTo(1, within(1e-9));
        Shard hottest = Chaos.hottestShard(shards, keys).orElseThrow();
        assertThat(shards).allMatch(s -> Chaos.share(s, keys) <= Chaos.share(hottest, keys));

        Shard closed = shard(hottest.shardId(), new BigInteger(hottest.hashKeyRange().startingHashKey()),
                new BigInteger(hottest.hashKeyRange().endingHashKey()), "99");
        List<Shard> afterSplit = shards.stream().map(s -> s.shardId().equals(hottest.shardId()) ? closed : s).toList();
        assertThat(Chaos.hottestShard(afterSplit, keys).orElseThrow().shardId())
                .as("a closed shard is never split again").isNotEqualTo(hottest.shardId());
    }

    @Test
    void theBusiestLiveWorkerIsKilled() {
        WorkerView w1 = worker("w1", "@status processed=5 lag_ms=0 shards=shardId-000000000000");
        WorkerView w2 = worker("w2", "@status processed=5 lag_ms=0 shards=shardId-000000000001,shardId-000000000002");
        WorkerView w3 = worker("w3", "@status processed=5 lag_ms=0 shards=shardId-000000000003,shardId-000000000004");
        assertThat(Chaos.busiestWorker(List.of(w1, w2, w3))).containsSame(w3);
        w3.killed(1);
        assertThat(Chaos.busiestWorker(List.of(w1, w2, w3))).containsSame(w2);
    }

    @Test
    void linesAreCutToTheTerminalWidthKeepingEscapeSequences() {
        assertThat(LiveView.cut("abcdef", 4)).isEqualTo("abcd");
        assertThat(LiveView.cut("ab\033[31mcd\033[0mef", 3)).isEqualTo("ab\033[31mc\033[0m");
        assertThat(LiveView.cut("abc", 10)).isEqualTo("abc");
    }

    @Test
    void shardIdsAreShownShort() {
        assertThat(LiveView.shards(List.of("shardId-000000000004", "shardId-000000000000", "other")))
                .isEqualTo("#4 #0 #other");
        assertThat(LiveView.shards(List.of())).isEqualTo("-");
    }

    @Test
    void aWatchReportsOnceLiveWorkersProcessEveryWatchedShard() {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        LiveView view = new LiveView(new PrintStream(printed, true, StandardCharsets.UTF_8), false, 200, "t");
        WorkerView w1 = worker("w1", "@status processed=5 lag_ms=0 shards=shardId-000000000000");
        WorkerView w2 = worker("w2", "@status processed=5 lag_ms=0 shards=shardId-000000000001");
        ShardWatches watches = new ShardWatches();
        watches.add(List.of("shardId-000000000001", "shardId-000000000002"), 10, "#1 #2 taken over", "SIGKILL");

        watches.check(List.of(w1, w2), 11, view);
        assertThat(printed.toString(StandardCharsets.UTF_8)).isEmpty();
        w1.onLine("@status processed=6 lag_ms=0 shards=shardId-000000000000,shardId-000000000002");
        watches.check(List.of(w1, w2), 12.5, view);
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("#1 #2 taken over by w1 and w2, 2.5 s after the SIGKILL");
        watches.check(List.of(w1, w2), 13, view);
        assertThat(printed.toString(StandardCharsets.UTF_8).lines()).hasSize(1);
    }

    private static WorkerView worker(String name, String status) {
        WorkerView w = new WorkerView(name);
        w.onLine(status);
        return w;
    }
}
