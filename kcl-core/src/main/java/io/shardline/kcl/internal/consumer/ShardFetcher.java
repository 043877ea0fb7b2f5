package io.shardline.kcl.internal.consumer;

import io.shardline.kcl.StartingPosition;
import io.shardline.kcl.retrieval.RecordBatch;
import io.shardline.kcl.retrieval.RecordFetcher;
import io.shardline.kcl.retrieval.StreamShard;
import io.shardline.lease.Lease;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The record fetcher of one {@link ShardConsumer}: started and polled by the consumer's steps, closed by any thread
 * (a stop request closes it at once, dropping buffered batches). Its data signal posts a step.
 */
final class ShardFetcher {

    /** Logs under {@code ShardConsumer}, as before the split (log filters and docs/multilang.md name it). */
    private static final Logger LOG = LoggerFactory.getLogger(ShardConsumer.class);

    private final ConsumerContext ctx;
    private final String shardId;
    private final ConsumerSteps steps;
    private final Runnable signal;
    private volatile RecordFetcher fetcher; // closed by stop requests at once

    /** @param signal posts a step when data is ready (coalesced by the consumer) */
    ShardFetcher(ConsumerContext ctx, String shardId, ConsumerSteps steps, Runnable signal) {
        this.ctx = Objects.requireNonNull(ctx, "ctx");
        this.shardId = Objects.requireNonNull(shardId, "shardId");
        this.steps = Objects.requireNonNull(steps, "steps");
        this.signal = Objects.requireNonNull(signal, "signal");
    }

    /** Whether a fetcher was started (and not discarded after a failure). Steps only. */
    boolean isStarted() {
        return fetcher != null;
    }

    /** Starts fetching {@code lease}'s shard at {@code position}; a failure is retried after a backoff. Steps only. */
    void start(Lease lease, StartingPosition position, long now) {
        RecordFetcher created = null;
        try {
            created = ctx.fetchers().createFetcher(new StreamShard(ctx.stream(), shardId, lease.hashKeyRange()));
            fetcher = created;
            created.start(position, signal);
            LOG.debug("{}: fetching shard {} from {}", ctx.workerId(), shardId, position);
        } catch (RuntimeException e) {
            if (created != null) {
                created.close();
            }
            fetcher = null;
            LOG.warn("{}: starting the fetcher of shard {} at {} failed: {}; retrying", ctx.workerId(), shardId,
                    position, e.toString());
            steps.retryLater(now);
        }
    }

    /** The next ready batch, or {@code null}. Steps only, once {@link #isStarted()}. */
    RecordBatch poll() {
        return fetcher.poll();
    }

    /** Closes the fetcher, if any. Any thread. */
    void close() {
        RecordFetcher current = fetcher;
        if (current != null) {
            current.close();
        }
    }

    /** Closes and forgets a failed fetcher: the next step starts a new one. Steps only. */
    void discard() {
        close();
        fetcher = null;
    }
}
