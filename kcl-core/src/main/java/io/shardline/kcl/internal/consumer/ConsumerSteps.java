package io.shardline.kcl.internal.consumer;

import io.shardline.checkpoint.CheckpointException;
import io.shardline.checkpoint.CheckpointResult;
import io.shardline.checkpoint.ExtendedSequenceNumber;
import io.shardline.checkpoint.ShardCheckpointer;
import io.shardline.kcl.retrieval.ChildShard;
import io.shardline.lease.Lease;
import io.shardline.lease.WriteResult;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The parts of a {@link ShardConsumer}'s steps that do not decide state: calling the processor safely, retry
 * bookkeeping with exponential backoff, timed re-steps, and the lease-table chores of lineage. Confined to the
 * consumer's serial executor, like the consumer's own step fields.
 */
final class ConsumerSteps {

    private static final Logger LOG = LoggerFactory.getLogger(ConsumerSteps.class);

    private final ConsumerContext ctx;
    private final String shardId;
    private final Runnable postStep;
    private int failures;
    private long retryAtNanos;

    /** @param postStep posts one step of the consumer to its serial executor */
    ConsumerSteps(ConsumerContext ctx, String shardId, Runnable postStep) {
        this.ctx = ctx;
        this.shardId = shardId;
        this.postStep = postStep;
    }

    /**
     * Calls a retried processor callback; false when it threw (counted and logged: the first failure of a streak
     * with its stack trace at ERROR, the next ones in one WARN line each).
     */
    boolean invoke(String callback, Runnable call) {
        try {
            call.run();
            return true;
        } catch (RuntimeException | LinkageError | AssertionError e) {
            ctx.metrics().processorError(callback);
            if (failures == 0) {
                LOG.error("{}: the processor of shard {} threw in {}; retrying after a backoff", ctx.workerId(),
                        shardId, callback, e);
            } else {
                LOG.warn("{}: the processor of shard {} threw in {} again ({} failures in a row): {}",
                        ctx.workerId(), shardId, callback, failures + 1, e.toString());
            }
            return false;
        }
    }

    /** Calls a last callback that is not retried ({@code leaseLost}, {@code shutdownRequested}). */
    void invokeOnce(String callback, Runnable call) {
        try {
            call.run();
        } catch (RuntimeException | LinkageError | AssertionError e) {
            ctx.metrics().processorError(callback);
            LOG.error("{}: the processor of shard {} threw in {}; shutting down anyway", ctx.workerId(), shardId,
                    callback, e);
        }
    }

    /**
     * One more failure in a row at {@code now} (monotonic nanos): the next step is due after the backoff, and is posted
     * then through the context's timer.
     */
    void retryLater(long now) {
        failures++;
        Duration wait = ctx.timings().backoff(failures);
        retryAtNanos = now + wait.toNanos();
        stepAfter(wait);
    }

    /** True at {@code now} unless a backoff is running (steps posted by data signals meanwhile do nothing). */
    boolean retryDue(long now) {
        return failures == 0 || now - retryAtNanos >= 0;
    }

    void succeeded() {
        failures = 0;
    }

    /** Posts a step after {@code delay} (dropped once the timer is shut down). */
    void stepAfter(Duration delay) {
        try {
            ctx.timer().schedule(postStep, delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            LOG.debug("timer shut down: dropping a delayed step of shard {}", shardId);
        }
    }

    /**
     * {@code lease}'s row as the table has it now (empty: gone), or {@code null} when the read failed (logged; try
     * again).
     */
    Optional<Lease> reread(Lease lease) {
        try {
            return ctx.leaseStore().get(lease.leaseKey());
        } catch (RuntimeException e) {
            LOG.warn("{}: reading lease {} before starting its processor failed: {}; trying again", ctx.workerId(),
                    lease.leaseKey(), e.toString());
            return null;
        }
    }

    /** Whether every parent of {@code lease} is finished or has no lease; false when the lease table failed. */
    boolean parentsFinished(Lease lease) {
        if (lease.parentLeaseKeys().isEmpty()) {
            return true;
        }
        try {
            return Lineage.parentsFinished(lease, ctx.leaseStore()::get);
        } catch (RuntimeException e) {
            LOG.warn("{}: reading the parents {} of shard {} failed: {}; trying again", ctx.workerId(),
                    lease.parentLeaseKeys(), shardId, e.toString());
            return false;
        }
    }

    /**
     * Creates the leases of the children reported at the shard's end (idempotent) and records them on this lease, so
     * the children are found without waiting for the next shard sync. The children are recorded first, a write that
     * needs this lease's row: once the row is gone (the cleanup deleted a consumed parent; a zombie reaching the end
     * late), no child is created, so a lineage already consumed and cleaned up is never re-created. A failure is
     * logged: the shard sync (or the leader's coverage check) creates them.
     */
    void createChildLeases(List<ChildShard> children) {
        if (children.isEmpty()) {
            return;
        }
        try {
            WriteResult recorded = ctx.leaseStore().updateChildren(shardId,
                    children.stream().map(ChildShard::shardId).toList());
            if (!recorded.isOk()) {
                LOG.warn("{}: the lease of shard {} is gone: not creating the leases of its children {}",
                        ctx.workerId(), shardId, children.stream().map(ChildShard::shardId).toList());
                return;
            }
            for (ChildShard child : children) {
                if (!otherParentsLeased(child)) {
                    continue;
                }
                if (ctx.leaseStore().createIfAbsent(Lineage.childLease(child))) {
                    LOG.info("{}: created the lease of shard {}, child of {}", ctx.workerId(), child.shardId(),
                            child.parentShardIds());
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("{}: creating the child leases of shard {} failed: {}; the shard sync will create them",
                    ctx.workerId(), shardId, e.toString());
        }
    }

    /**
     * Whether every other parent of a merged {@code child} has a lease. One without (a shard born and merged again
     * before anyone created its lease) would count as finished for the child ({@link Lineage}: an absent parent was
     * never consumed), and the child would be processed while that parent's own parents are still being read: keys
     * out of order across two quick merges (found by the whole-worker simulation). Its lease is created later, when
     * that parent ends, or by the shard sync (parents first).
     */
    private boolean otherParentsLeased(ChildShard child) {
        for (String parent : child.parentShardIds()) {
            if (!parent.equals(shardId) && ctx.leaseStore().get(parent).isEmpty()) {
                LOG.info("{}: not creating the lease of shard {} yet: its parent {} has no lease", ctx.workerId(),
                        child.shardId(), parent);
                return false;
            }
        }
        return true;
    }

    /**
     * Checkpoints {@code SHARD_END} unless the processor did in {@code shardEnded}. True when it is written (or the
     * write was fenced: the fenced signal has then stopped the consumer); false on a storage error, to retry.
     */
    boolean checkpointShardEnd(ShardCheckpointer checkpointer) {
        if (checkpointer.lastCheckpoint().map(ExtendedSequenceNumber::isShardEnd).orElse(false)) {
            return true;
        }
        try {
            CheckpointResult result = checkpointer.checkpoint(ExtendedSequenceNumber.shardEnd());
            if (result.isOk()) {
                LOG.info("{}: the processor of shard {} returned from shardEnded without checkpointing SHARD_END;"
                        + " checkpointed it", ctx.workerId(), shardId);
            }
            return true;
        } catch (CheckpointException e) {
            LOG.warn("{}: checkpointing SHARD_END of shard {} failed: {}; retrying", ctx.workerId(), shardId,
                    e.getMessage());
            return false;
        }
    }
}
