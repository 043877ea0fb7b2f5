package io.shardline.kcl.retrieval;

import io.shardline.lease.HashKeyRange;
import java.util.Objects;

/**
 * The shard a record fetcher reads.
 *
 * @param stream       the stream's name or ARN (an ARN starts with {@code arn:})
 * @param shardId      the shard's id
 * @param hashKeyRange the shard's hash-key range; user records of a KPL aggregate whose hash key falls outside it are
 *                     dropped (they belong to a sibling shard after a reshard). {@code null} keeps every user record.
 */
public record StreamShard(String stream, String shardId, HashKeyRange hashKeyRange) {

    /** Checks the components (non-null where the record description does not say otherwise). */
    public StreamShard {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(shardId, "shardId");
        if (stream.isBlank() || shardId.isBlank()) {
            throw new IllegalArgumentException("stream and shardId must not be blank, were '" + stream + "', '"
                    + shardId + "'");
        }
    }

    @Override
    public String toString() {
        return stream + "/" + shardId;
    }
}
