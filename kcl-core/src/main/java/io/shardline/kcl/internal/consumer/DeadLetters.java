package io.shardline.kcl.internal.consumer;

import io.shardline.kcl.deadletter.DeadLetterEntry;
import io.shardline.kcl.deadletter.DeadLetterException;
import io.shardline.kcl.deadletter.DeadLetterSink;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dead letters a shard consumer still has to store, in order, and the log lines and meters of storing them: one
 * WARN line per record given up on (shard, position, reason, attempts, error; never the payload), one line per batch of
 * records too old, one WARN line when the sink starts failing and one INFO line when it works again. A retryable sink
 * failure leaves the rest queued for the next try; a fatal one is reported to the caller. Confined to the consumer's
 * serial executor.
 */
final class DeadLetters {

    /** An entry to store, and the index of its record in the batch. */
    record Pending(DeadLetterEntry entry, int batchIndex) {
    }

    /** How a {@link #send} ended. */
    record Result(Status status, Pending pending, Throwable error) {
        static final Result SENT_ALL = new Result(Status.SENT, null, null);
    }

    enum Status { SENT, RETRY, FATAL }

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);

    private final ConsumerContext ctx;
    private final String shardId;
    private final List<Pending> pending = new ArrayList<>();
    private int sent;
    private Runnable afterSent;
    private int sinkFailures;

    DeadLetters(ConsumerContext ctx, String shardId) {
        this.ctx = ctx;
        this.shardId = shardId;
    }

    /** Queues {@code entries}; {@code afterSent} (may be null) runs once all of them are stored. */
    void enqueue(List<Pending> entries, Runnable afterSent) {
        pending.addAll(entries);
        this.afterSent = afterSent;
    }

    /** Stores what is queued into {@code sink}, telling {@code onStored} each record's batch index. */
    Result send(DeadLetterSink sink, IntConsumer onStored) {
        int tooOld = 0;
        while (sent < pending.size()) {
            Pending next = pending.get(sent);
            try {
                sink.send(next.entry());
            } catch (DeadLetterException e) {
                ctx.metrics().deadLetterFailed();
                logTooOld(tooOld, sink);
                if (!e.isRetryable()) {
                    return new Result(Status.FATAL, next, e);
                }
                failed(next, e);
                return new Result(Status.RETRY, next, e);
            } catch (RuntimeException e) {
                ctx.metrics().deadLetterFailed();
                logTooOld(tooOld, sink);
                failed(next, e);
                return new Result(Status.RETRY, next, e);
            }
            if (sinkFailures > 0) {
                LOG.info("{}: dead-letter sink {} stores again after {} failures", ctx.workerId(), sink, sinkFailures);
                sinkFailures = 0;
            }
            DeadLetterEntry entry = next.entry();
            ctx.metrics().deadLettered(entry.reason());
            if (entry.reason() == DeadLetterEntry.Reason.MAX_AGE_EXCEEDED) {
                tooOld++;
            } else {
                LOG.warn("{}: shard {}: record {}/{} dead-lettered to {} after {} failed attempts: {}: {}",
                        ctx.workerId(), shardId, entry.sequenceNumber(), entry.subSequenceNumber(), sink,
                        entry.attempts(), entry.errorClass(), entry.errorMessage());
            }
            onStored.accept(next.batchIndex());
            sent++;
        }
        logTooOld(tooOld, sink);
        pending.clear();
        sent = 0;
        Runnable then = afterSent;
        afterSent = null;
        if (then != null) {
            then.run();
        }
        return Result.SENT_ALL;
    }

    private void failed(Pending next, RuntimeException e) {
        if (sinkFailures++ == 0) {
            LOG.warn("{}: shard {}: storing record {}/{} in the dead letters failed ({}); the shard waits and retries"
                    + " with backoff", ctx.workerId(), shardId, next.entry().sequenceNumber(),
                    next.entry().subSequenceNumber(), e.toString());
        } else {
            LOG.debug("{}: shard {}: dead-letter write failed again ({} in a row): {}", ctx.workerId(), shardId,
                    sinkFailures, e.toString());
        }
    }

    private void logTooOld(int count, DeadLetterSink sink) {
        if (count > 0) {
            LOG.warn("{}: shard {}: {} records older than maxRecordAge {} dead-lettered to {} unprocessed",
                    ctx.workerId(), shardId, count, ctx.failurePolicy().maxRecordAge(), sink);
        }
    }
}
