package io.shardline.kcl.advisor;

import java.math.BigInteger;
import java.util.Objects;

/** A resharding call the advisor recommends (and, with auto-apply on, makes). */
public sealed interface ReshardAction {

    /** {@code SplitShard(shardId, newStartingHashKey)}. */
    record Split(String shardId, BigInteger newStartingHashKey) implements ReshardAction {
        public Split {
            Objects.requireNonNull(shardId, "shardId");
            Objects.requireNonNull(newStartingHashKey, "newStartingHashKey");
        }
    }

    /** {@code MergeShards(shardId, adjacentShardId)}: two hash-adjacent open shards. */
    record Merge(String shardId, String adjacentShardId) implements ReshardAction {
        public Merge {
            Objects.requireNonNull(shardId, "shardId");
            Objects.requireNonNull(adjacentShardId, "adjacentShardId");
        }
    }

    /** {@code UpdateShardCount(target, UNIFORM_SCALING)} from {@code current} open shards. */
    record UpdateShardCount(int current, int target) implements ReshardAction {
        public UpdateShardCount {
            if (current < 1 || target < 1) {
                throw new IllegalArgumentException("shard counts must be >= 1: current=" + current
                        + ", target=" + target);
            }
        }
    }
}
