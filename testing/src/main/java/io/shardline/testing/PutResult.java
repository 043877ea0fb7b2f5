package io.shardline.testing;

import java.util.Objects;

/**
 * Where {@link StreamHelper#put} wrote one record.
 *
 * @param shardId        the shard the record went to
 * @param sequenceNumber its sequence number in that shard
 */
public record PutResult(String shardId, String sequenceNumber) {

    /** Rejects null values. */
    public PutResult {
        Objects.requireNonNull(shardId, "shardId");
        Objects.requireNonNull(sequenceNumber, "sequenceNumber");
    }
}
