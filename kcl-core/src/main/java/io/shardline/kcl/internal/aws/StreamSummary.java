package io.shardline.kcl.internal.aws;

import java.time.Instant;
import java.util.Objects;

/**
 * What {@code DescribeStreamSummary} tells about a stream.
 *
 * @param streamName     the stream's name
 * @param streamArn      its ARN
 * @param status         {@code CREATING}, {@code ACTIVE}, {@code UPDATING} or {@code DELETING}
 * @param openShardCount how many shards are open
 * @param consumerCount  how many enhanced fan-out consumers are registered
 * @param creationTimestamp when the stream was created ({@code StreamCreationTimestamp}), or {@code null} when not
 *                          reported: a multi-stream lease key carries it in epoch seconds
 */
public record StreamSummary(String streamName, String streamArn, String status, int openShardCount,
        int consumerCount, Instant creationTimestamp) {

    /** Without the creation time. */
    public StreamSummary(String streamName, String streamArn, String status, int openShardCount, int consumerCount) {
        this(streamName, streamArn, status, openShardCount, consumerCount, null);
    }

    public StreamSummary {
        Objects.requireNonNull(streamName, "streamName");
        Objects.requireNonNull(streamArn, "streamArn");
        Objects.requireNonNull(status, "status");
    }

    public boolean isActive() {
        return "ACTIVE".equals(status);
    }
}
