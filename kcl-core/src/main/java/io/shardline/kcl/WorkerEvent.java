package io.shardline.kcl;

import java.util.Objects;
import java.util.Optional;

/** A state change of a worker, given to its {@link WorkerStateListener}. Every event names the worker. */
public sealed interface WorkerEvent {

    /** The worker's id (the {@code leaseOwner} of its leases). */
    String workerId();

    /**
     * {@link Scheduler#start()} verified Kinesis and DynamoDB, prepared the tables and started taking leases.
     *
     * @param workerId the worker
     */
    record Started(String workerId) implements WorkerEvent {
        /** Rejects a null worker id. */
        public Started {
            Objects.requireNonNull(workerId, "workerId");
        }
    }

    /**
     * The worker took a lease; its shard's processor starts.
     *
     * @param workerId the worker
     * @param leaseKey the lease (the shard id)
     */
    record LeaseAcquired(String workerId, String leaseKey) implements WorkerEvent {
        /** Rejects null values. */
        public LeaseAcquired {
            Objects.requireNonNull(workerId, "workerId");
            Objects.requireNonNull(leaseKey, "leaseKey");
        }
    }

    /**
     * The worker no longer holds a lease: taken by another worker, expired, deleted, or handed over.
     *
     * @param workerId the worker
     * @param leaseKey the lease (the shard id)
     * @param reason   why, in words ({@code STOLEN}, {@code EXPIRED}, {@code HANDED_OFF}, ...)
     */
    record LeaseLost(String workerId, String leaseKey, String reason) implements WorkerEvent {
        /** Rejects null values. */
        public LeaseLost {
            Objects.requireNonNull(workerId, "workerId");
            Objects.requireNonNull(leaseKey, "leaseKey");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * The processor of a shard reached its end (after a split or merge) and checkpointed {@code SHARD_END}.
     *
     * @param workerId the worker
     * @param leaseKey the finished shard
     */
    record ShardEnded(String workerId, String leaseKey) implements WorkerEvent {
        /** Rejects null values. */
        public ShardEnded {
            Objects.requireNonNull(workerId, "workerId");
            Objects.requireNonNull(leaseKey, "leaseKey");
        }
    }

    /**
     * A checkpoint of a shard was rejected because another worker owns the lease now: this worker's processor of that
     * shard is stopped.
     *
     * @param workerId the worker
     * @param leaseKey the lease
     */
    record Fenced(String workerId, String leaseKey) implements WorkerEvent {
        /** Rejects null values. */
        public Fenced {
            Objects.requireNonNull(workerId, "workerId");
            Objects.requireNonNull(leaseKey, "leaseKey");
        }
    }

    /**
     * The worker stopped; every one of its threads has ended. The last event.
     *
     * @param workerId the worker
     * @param cause    empty after a graceful {@link Scheduler#shutdown()}; otherwise why it stopped (a failed start,
     *                 a {@link Scheduler#close()}, a failed shutdown)
     */
    record Stopped(String workerId, Optional<Throwable> cause) implements WorkerEvent {
        /** Rejects null values. */
        public Stopped {
            Objects.requireNonNull(workerId, "workerId");
            Objects.requireNonNull(cause, "cause");
        }
    }
}
