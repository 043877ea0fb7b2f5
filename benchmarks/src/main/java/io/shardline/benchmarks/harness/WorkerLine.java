package io.shardline.benchmarks.harness;

import java.util.Objects;

/**
 * One line of the worker line protocol: what a worker process ({@code KclWorkerMain}, {@code ShardlineWorkerMain})
 * prints on stdout so that the benchmark driver can measure it from outside. Parsed by {@link LineProtocol}.
 */
public sealed interface WorkerLine {

    /** The worker's id. */
    String workerId();

    /**
     * {@code READY <epochMillis> <workerId>}: the worker's consumer is built and running (it may hold no lease yet).
     *
     * @param atMillis wall-clock time of the worker when it printed the line
     */
    record Ready(long atMillis, String workerId) implements WorkerLine {
        public Ready {
            Objects.requireNonNull(workerId, "workerId");
        }
    }

    /**
     * {@code EVENT <epochMillis> <workerId> <shardId> <sequenceNumber> <partitionKey> <payload>}: one record handed to
     * the worker's processor.
     *
     * @param atMillis wall-clock time when the processor saw the record
     * @param payload the record's data when it is a {@link Payload} (printed as-is), otherwise {@code null}
     *     (printed as {@code -})
     */
    record Delivery(long atMillis, String workerId, String shardId, String sequenceNumber, String partitionKey,
                    Payload payload) implements WorkerLine {
        public Delivery {
            Objects.requireNonNull(workerId, "workerId");
            Objects.requireNonNull(shardId, "shardId");
            Objects.requireNonNull(sequenceNumber, "sequenceNumber");
            Objects.requireNonNull(partitionKey, "partitionKey");
        }
    }

    /**
     * {@code LEASE <epochMillis> <workerId> <change> <shardId>}: the worker's processor for a shard started or stopped.
     */
    record LeaseChange(long atMillis, String workerId, Change change, String shardId) implements WorkerLine {
        public LeaseChange {
            Objects.requireNonNull(workerId, "workerId");
            Objects.requireNonNull(change, "change");
            Objects.requireNonNull(shardId, "shardId");
        }
    }

    /** What happened to a lease, as the processor saw it. */
    enum Change {
        /** The processor was initialized: the worker now owns the shard. */
        ACQUIRED,
        /** The lease was lost (taken by another worker); the processor may not checkpoint. */
        LOST,
        /** The shard ended (after resharding); the processor checkpointed SHARD_END. */
        ENDED,
        /** A graceful shutdown or handoff asked the processor to checkpoint and let go. */
        RELEASED
    }
}
