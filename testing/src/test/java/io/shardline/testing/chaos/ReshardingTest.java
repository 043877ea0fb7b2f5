package io.shardline.testing.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesis.model.Shard;

class ReshardingTest {

    @Test
    void splitsTheWidestOpenShard() {
        List<Shard> shards = List.of(shard("a", 0, 99, null), shard("b", 100, 299, null), shard("c", 300, 349, null),
                closed("old", 0, 299));

        assertThat(Resharding.widest(shards).shardId()).isEqualTo("b");
    }

    @Test
    void mergesTheNarrowestAdjacentPairButNotTwoChildrenOfOneSplit() {
        List<Shard> shards = List.of(shard("a", 0, 99, null), shard("b1", 100, 149, "b"), shard("b2", 150, 199, "b"),
                shard("c", 200, 299, null), shard("d", 301, 310, null));

        assertThat(Resharding.narrowestAdjacentPair(shards).orElseThrow()).extracting(Shard::shardId)
                .containsExactly("a", "b1"); // b1 + b2 is narrower but undoes the split; c and d do not touch
    }

    @Test
    void mergesTwoChildrenOfOneSplitWhenNoOtherPairIsLeft() {
        List<Shard> shards = List.of(shard("b1", 0, 49, "b"), shard("b2", 50, 99, "b"));

        assertThat(Resharding.narrowestAdjacentPair(shards).orElseThrow()).extracting(Shard::shardId)
                .containsExactly("b1", "b2");
    }

    private static Shard shard(String id, long start, long end, String parent) {
        return Shard.builder().shardId(id).parentShardId(parent)
                .hashKeyRange(r -> r.startingHashKey(Long.toString(start)).endingHashKey(Long.toString(end)))
                .sequenceNumberRange(r -> r.startingSequenceNumber("1")).build();
    }

    private static Shard closed(String id, long start, long end) {
        return shard(id, start, end, null).toBuilder()
                .sequenceNumberRange(r -> r.startingSequenceNumber("1").endingSequenceNumber("9")).build();
    }
}
