package io.shardline.kcl;

import java.util.Objects;

/**
 * One stream of a multi-stream application ({@link StreamTracker}) and where its new leases start.
 *
 * <p>Name a stream by name or ARN ({@link #of(String, StartingPosition)}): the scheduler then learns its account and
 * creation time from {@code DescribeStreamSummary} at every poll of the tracker, so a stream deleted and re-created
 * under the same name is a new stream (new lease keys). Or give KCL's full identifier ({@link #of(StreamIdentifier,
 * StartingPosition)}, no {@code DescribeStreamSummary} call): then the identifier is what it says, and a re-created
 * stream is only seen as new when the tracker returns its new identifier (as in KCL).
 *
 * @param stream          the stream's name or ARN; for an identifier, its stream name
 * @param identifier      the full identifier, or {@code null} to resolve it from the stream
 * @param initialPosition where a lease of this stream without checkpoint starts ({@code TRIM_HORIZON},
 *                        {@code LATEST} or {@code AT_TIMESTAMP}); {@code null}: {@code ConsumerConfig.initialPosition}
 */
public record StreamConfig(String stream, StreamIdentifier identifier, StartingPosition initialPosition) {

    public StreamConfig {
        if (identifier != null) {
            stream = identifier.streamName();
        }
        if (stream == null || stream.isBlank()) {
            throw new IllegalArgumentException("StreamConfig.stream must be a stream name or ARN, was "
                    + (stream == null ? null : "'" + stream + "'"));
        }
        if (initialPosition != null && initialPosition.kind() != StartingPosition.Kind.TRIM_HORIZON
                && initialPosition.kind() != StartingPosition.Kind.LATEST
                && initialPosition.kind() != StartingPosition.Kind.AT_TIMESTAMP) {
            throw new IllegalArgumentException("StreamConfig.initialPosition of " + stream
                    + " must be TRIM_HORIZON, LATEST or AT_TIMESTAMP, was " + initialPosition);
        }
    }

    /** The stream by name or ARN ({@code arn:...}), starting at the application's initial position. */
    public static StreamConfig of(String streamNameOrArn) {
        return new StreamConfig(streamNameOrArn, null, null);
    }

    /** The stream by name or ARN, its new leases starting at {@code initialPosition}. */
    public static StreamConfig of(String streamNameOrArn, StartingPosition initialPosition) {
        return new StreamConfig(streamNameOrArn, null, Objects.requireNonNull(initialPosition, "initialPosition"));
    }

    /** The stream by KCL's identifier {@code account:name:creationEpoch}, starting at {@code initialPosition}. */
    public static StreamConfig of(StreamIdentifier identifier, StartingPosition initialPosition) {
        return new StreamConfig(null, Objects.requireNonNull(identifier, "identifier"),
                Objects.requireNonNull(initialPosition, "initialPosition"));
    }

    /** The stream's name (the resource part of an ARN). */
    public String streamName() {
        return stream.startsWith("arn:") ? stream.substring(stream.indexOf(":stream/") + ":stream/".length())
                : stream;
    }
}
