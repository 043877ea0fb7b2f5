package io.shardline.kcl.retrieval;

/**
 * What de-aggregation does with a user record of an aggregate whose hash key (explicit, or the MD5 of its partition
 * key) lies outside the hash-key range of the shard the aggregate was read from. See
 * {@link RetrievalConfig.Builder#outsideRangeUserRecords(OutsideRangeUserRecords)} and docs/architecture.md
 * ("Out-of-range user records").
 */
public enum OutsideRangeUserRecords {

    /**
     * Deliver it, flagged {@link io.shardline.kcl.KinesisClientRecord#outsideShardHashRange()}, count it on
     * {@code shardline.kpl.outside-range} and WARN once per shard per {@code outsideRangeWarnInterval}. The default
     * and the only safe choice when any producer is not the KPL: AWS Labs' {@code kinesis-aggregation} libraries
     * (Node, Python, Java, Go; common in Lambda producers) put user records of any partition key in one aggregate,
     * which Kinesis stores on the shard of the aggregate's (first) key; a record outside that shard's range exists
     * in no other shard, so dropping it loses it.
     */
    DELIVER,

    /**
     * Drop it, as Amazon KCL does, for fleets whose producers are all the KPL. The KPL aggregates per shard (it
     * groups by the shard map it keeps) and re-sends a user record that reached the wrong shard (after a reshard
     * changed the map under it) to the right one, so there the out-of-range copy is a duplicate of a record the
     * right shard delivers. A dropped record is counted on {@code shardline.kpl.dropped}, WARN-logged (every
     * aggregate that loses records gets a line) and, when {@link io.shardline.kcl.FailurePolicy#deadLetterSink()} is
     * set, stored there with reason {@code OUTSIDE_SHARD_HASH_RANGE}. Wrong for any other producer: see
     * {@link #DELIVER}.
     */
    DROP
}
