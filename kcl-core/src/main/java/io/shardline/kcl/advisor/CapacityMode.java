package io.shardline.kcl.advisor;

/** The stream's capacity mode as {@code DescribeStreamSummary} reports it. */
public enum CapacityMode {
    PROVISIONED,
    /** Kinesis splits and merges on its own; SplitShard, MergeShards and UpdateShardCount are not offered. */
    ON_DEMAND
}
