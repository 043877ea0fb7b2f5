package io.shardline.testing.sim;

/** The faults a simulation draws from (docs/testing.md describes each). */
public enum FaultKind {
    /** A window in which one worker's (or every worker's) store calls fail with a retryable error. */
    STORE_ERRORS,
    /** A window in which store calls take up to 4 s (the calling executor waits; the rest runs on). */
    STORE_LATENCY,
    /** A window in which store writes are applied but answered with a retryable error. */
    LOST_RESPONSES,
    /** A window in which GetRecords is throttled at random (on top of Kinesis's 5 calls/s per shard). */
    THROTTLING,
    /** A worker runs nothing for 0.3-3 x failoverTimeout, then resumes (a GC pause, a frozen VM). */
    PAUSE,
    /** A worker dies (its tasks vanish, no cleanup); a new worker joins 0.5-8.5 s later. */
    CRASH_RESTART,
    /** A worker shuts down gracefully (hands its leases off). */
    GRACEFUL_SHUTDOWN,
    /** A new worker joins. */
    JOIN,
    /** An open shard is split in two. */
    SPLIT,
    /** Two adjacent open shards are merged. */
    MERGE,
    /** A worker's wall clock jumps an hour forward or back. */
    WALL_CLOCK_JUMP,
    /** A window in which processRecords throws (at most once per input, so retries succeed). */
    PROCESSOR_THROWS,
    /** A window in which processRecords hangs for 0.2-2 s (under half the handoff timeout). */
    PROCESSOR_HANGS,
    /** Every shard iterator handed out so far expires. */
    ITERATORS_EXPIRE
}
