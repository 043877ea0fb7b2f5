package io.shardline.kcl.advisor;

/** What limits a shard, most urgent first. */
public enum Verdict {
    /** Ingest near the shard write limit: split it (or, when load is uniform, add shards to the stream). */
    PRODUCER_HOT,
    /** GetRecords throttled: use enhanced fan-out or fewer applications polling; a reshard does not help. */
    READ_THROTTLED,
    /** Lag growing while ingest is modest: more workers or per-key lanes; a reshard does not help. */
    CONSUMER_BOUND,
    /** Ingest far below the write limit: a merge candidate with a cold hash-adjacent neighbour. */
    COLD,
    /** Nothing to do. */
    HEALTHY,
    /** Too few observations in the window to judge. */
    UNKNOWN
}
