package io.shardline.kcl.advisor;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * A snapshot of a stream for {@link ReshardAdvisor#classify}.
 *
 * @param streamName          the stream
 * @param mode                its capacity mode
 * @param status              {@code ACTIVE}, {@code UPDATING}, ...
 * @param openShards          every open shard (sorted by starting hash key here)
 * @param updateShardCountCallsLast24h UpdateShardCount calls this advisor made in the last rolling 24 hours
 */
public record StreamLoad(String streamName, CapacityMode mode, String status, List<ShardLoad> openShards,
        int updateShardCountCallsLast24h) {

    public StreamLoad {
        Objects.requireNonNull(streamName, "streamName");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(status, "status");
        openShards = openShards.stream().sorted(Comparator.comparing(ShardLoad::startingHashKey)).toList();
        if (updateShardCountCallsLast24h < 0) {
            throw new IllegalArgumentException("updateShardCountCallsLast24h must be >= 0: "
                    + updateShardCountCallsLast24h);
        }
    }
}
