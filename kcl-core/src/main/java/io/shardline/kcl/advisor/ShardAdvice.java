package io.shardline.kcl.advisor;

import java.util.Objects;

/**
 * The verdict on one shard.
 *
 * @param shardId     the shard
 * @param verdict     what limits it
 * @param utilization its ingest against the write limits: the larger of bytes/s over the byte limit and records/s
 *                    over the record limit
 * @param reason      why, in a sentence with the figures
 */
public record ShardAdvice(String shardId, Verdict verdict, double utilization, String reason) {

    public ShardAdvice {
        Objects.requireNonNull(shardId, "shardId");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(reason, "reason");
    }
}
