package io.shardline.kcl.internal.advisor;

import io.shardline.kcl.advisor.CapacityMode;
import java.math.BigInteger;
import java.util.List;

/** The few Kinesis calls the advisor makes; blocking, with bounded waits. Tests use an in-memory fake. */
public interface StreamOps {

    /** DescribeStreamSummary (mode, status) and the open shards with their hash-key ranges. */
    StreamState describe();

    void split(String shardId, BigInteger newStartingHashKey);

    void merge(String shardId, String adjacentShardId);

    void updateShardCount(int target);

    /** An open shard's range. */
    record OpenShard(String shardId, BigInteger startingHashKey, BigInteger endingHashKey) {
    }

    /** What the stream looks like now. */
    record StreamState(CapacityMode mode, String status, List<OpenShard> openShards) {
        public StreamState {
            openShards = openShards.stream().sorted(java.util.Comparator.comparing(OpenShard::startingHashKey))
                    .toList();
        }

        /**
         * True when the stream is ACTIVE and its open shards tile the hash-key space exactly (no overlap, no gap):
         * no reshard is under way.
         */
        public boolean settled() {
            if (!"ACTIVE".equals(status) || openShards.isEmpty()) {
                return false;
            }
            BigInteger next = BigInteger.ZERO;
            for (OpenShard s : openShards) {
                if (!s.startingHashKey().equals(next)) {
                    return false;
                }
                next = s.endingHashKey().add(BigInteger.ONE);
            }
            return next.equals(BigInteger.ONE.shiftLeft(128));
        }
    }
}
