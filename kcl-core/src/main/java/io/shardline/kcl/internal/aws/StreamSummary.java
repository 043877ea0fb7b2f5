package io.shardline.kcl.internal.aws;

import java.util.Objects;

/**
 * What {@code DescribeStreamSummary} tells about a stream.
 *
 * @param streamName     the stream's name
 * @param streamArn      its ARN
 * @param status         {@code CREATING}, {@code ACTIVE}, {@code UPDATING} or {@code DELETING}
 * @param openShardCount how many shards are open
 * @param consumerCount  how many enhanced fan-out consumers are registered
 */
public record StreamSummary(String streamName, String streamArn, String status, int openShardCount,
        int consumerCount) {

    public StreamSummary {
        Objects.requireNonNull(streamName, "streamName");
        Objects.requireNonNull(streamArn, "streamArn");
        Objects.requireNonNull(status, "status");
    }

    public boolean isActive() {
        return "ACTIVE".equals(status);
    }
}
