package io.shardline.kcl.internal.aws;

import java.time.Instant;
import java.util.Objects;

/**
 * Which shards {@code ListShards} returns ({@code ShardFilter}).
 *
 * @param type      the filter type
 * @param shardId   the shard of {@link Type#AFTER_SHARD_ID}, else {@code null}
 * @param timestamp the time of {@link Type#AT_TIMESTAMP} / {@link Type#FROM_TIMESTAMP}, else {@code null}
 */
public record ShardListFilter(Type type, String shardId, Instant timestamp) {

    /** The Kinesis shard filter types. */
    public enum Type { AFTER_SHARD_ID, AT_TRIM_HORIZON, FROM_TRIM_HORIZON, AT_LATEST, AT_TIMESTAMP, FROM_TIMESTAMP }

    public ShardListFilter {
        Objects.requireNonNull(type, "type");
        if ((type == Type.AFTER_SHARD_ID) != (shardId != null)) {
            throw new IllegalArgumentException("shardId is required by AFTER_SHARD_ID and only by it, was " + shardId);
        }
        boolean byTime = type == Type.AT_TIMESTAMP || type == Type.FROM_TIMESTAMP;
        if (byTime != (timestamp != null)) {
            throw new IllegalArgumentException("timestamp is required by " + type + " only when by time, was "
                    + timestamp);
        }
    }

    public static ShardListFilter of(Type type) {
        return new ShardListFilter(type, null, null);
    }

    public static ShardListFilter afterShardId(String shardId) {
        return new ShardListFilter(Type.AFTER_SHARD_ID, shardId, null);
    }

    public static ShardListFilter atTimestamp(Instant timestamp) {
        return new ShardListFilter(Type.AT_TIMESTAMP, null, timestamp);
    }

    public static ShardListFilter fromTimestamp(Instant timestamp) {
        return new ShardListFilter(Type.FROM_TIMESTAMP, null, timestamp);
    }
}
