package io.shardline.kcl.internal.lanes;

import io.shardline.checkpoint.ExtendedSequenceNumber;
import io.shardline.kcl.FailurePolicy;
import io.shardline.kcl.KinesisClientRecord;
import io.shardline.kcl.PartialBatchFailureException;
import io.shardline.kcl.RecordBatchHandler;
import io.shardline.kcl.deadletter.DeadLetterEntry;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one key's records through the handler under the {@link FailurePolicy}, on a lane's thread: retries with the
 * policy's backoff (only this key waits, holding its lane; the other keys go on), then bisection of a failing batch,
 * then the record is dead-lettered (and counts as done) or the shard stops. Records that end as processed or dead-lettered are
 * completed in the shard's {@link Progress}.
 */
final class LaneWork {

    private static final Logger LOG = LoggerFactory.getLogger(LaneWork.class);

    private final RecordBatchHandler handler;
    private final FailurePolicy policy;
    private final Progress progress;
    private final StopSignal stop;
    private final LaneMetrics metrics;
    private final ShardLabels labels;
    private final Runnable progressed;
    private final Consumer<String> stopShard;

    LaneWork(RecordBatchHandler handler, FailurePolicy policy, Progress progress, StopSignal stop,
             LaneMetrics metrics, ShardLabels labels, Runnable progressed, Consumer<String> stopShard) {
        this.handler = handler;
        this.policy = policy;
        this.progress = progress;
        this.stop = stop;
        this.metrics = metrics;
        this.labels = labels;
        this.progressed = progressed;
        this.stopShard = stopShard;
    }

    /** Processes {@code items} (one lane's next records, in order); returns when they are done or the shard stopped. */
    void run(List<Lane.Item> items) {
        try {
            attempt(items, policy.maxAttempts());
        } catch (RuntimeException e) { // a bug of ours or of the sink, not of the handler: never skip the records
            stopShard.accept("unexpected failure around record " + items.get(0).slot().position + ": " + e);
        }
    }

    /** Tries {@code todo} up to {@code allowed} calls; false when the shard stopped. */
    private boolean attempt(List<Lane.Item> todo, int allowed) {
        List<Lane.Item> rest = todo;
        Throwable last = null;
        int failures = 0;
        while (!stop.isStopped()) {
            Throwable error = call(rest);
            if (error == null) {
                done(rest);
                return true;
            }
            int firstFailed = firstFailed(rest, error);
            if (firstFailed > 0) {
                done(rest.subList(0, firstFailed));
                rest = rest.subList(firstFailed, rest.size());
            }
            last = error;
            failures++;
            metrics.handlerError();
            if (failures >= allowed) {
                return exhausted(rest, error instanceof PartialBatchFailureException, last, failures);
            }
            if (failures == 1) {
                LOG.warn("{}: the lane handler of shard {} failed on {} ({} records from {}); retrying this key with"
                        + " backoff, the other keys go on: {}", labels.workerId(), labels.shardId(),
                        rest.get(0).record().partitionKey(), rest.size(), rest.get(0).slot().position, error.toString());
            }
            if (stop.await(policy.backoff(failures))) {
                return false;
            }
        }
        return false;
    }

    /**
     * {@code rest} failed {@code failures} calls: a single record (or a whole batch without bisection) is given up on;
     * the record a partial failure names is given up on without bisection and the records after it go on; any other
     * batch is split in halves, each tried once (a half of one record gets {@code maxAttempts} calls of its own).
     */
    private boolean exhausted(List<Lane.Item> rest, boolean partial, Throwable last, int failures) {
        if (rest.size() == 1 || (!partial && !policy.bisect())) {
            return giveUp(rest, last, failures);
        }
        if (partial) {
            return giveUp(rest.subList(0, 1), last, failures)
                    && attempt(rest.subList(1, rest.size()), policy.maxAttempts());
        }
        int half = rest.size() / 2;
        List<Lane.Item> left = rest.subList(0, half);
        List<Lane.Item> right = rest.subList(half, rest.size());
        return attempt(left, allowedFor(left)) && attempt(right, allowedFor(right));
    }

    private int allowedFor(List<Lane.Item> half) {
        return half.size() == 1 ? policy.maxAttempts() : 1;
    }

    private Throwable call(List<Lane.Item> items) {
        List<KinesisClientRecord> records = new ArrayList<>(items.size());
        for (Lane.Item item : items) {
            records.add(item.record());
        }
        try {
            handler.handle(records);
            return null;
        } catch (RuntimeException | LinkageError | AssertionError e) {
            return e;
        }
    }

    /** Index in {@code items} of the lowest record a partial failure names; 0 for any other error. */
    private static int firstFailed(List<Lane.Item> items, Throwable error) {
        if (!(error instanceof PartialBatchFailureException partial)) {
            return 0;
        }
        Set<ExtendedSequenceNumber> failed = new HashSet<>(partial.failed());
        for (int i = 0; i < items.size(); i++) {
            if (failed.contains(items.get(i).slot().position)) {
                return i;
            }
        }
        return 0;
    }

    private boolean giveUp(List<Lane.Item> items, Throwable error, int attempts) {
        if (policy.onExhausted() == FailurePolicy.OnExhausted.STOP_SHARD || policy.deadLetterSink() == null) {
            Lane.Item first = items.get(0);
            stopShard.accept("the handler failed " + attempts + " times on record " + first.slot().position
                    + " (partition key " + first.record().partitionKey() + "): " + error);
            return false;
        }
        for (Lane.Item item : items) {
            if (!deadLetter(item, error, attempts)) {
                return false;
            }
            done(List.of(item));
        }
        return true;
    }

    private boolean deadLetter(Lane.Item item, Throwable error, int attempts) {
        DeadLetterEntry entry = DeadLetterEntry.of(labels.application(), labels.stream(), labels.shardId(),
                item.record(), policy.clock().instant(), DeadLetterEntry.Reason.PROCESSING_FAILED, error, attempts,
                labels.workerId());
        for (int tries = 1; !stop.isStopped(); tries++) {
            try {
                policy.deadLetterSink().send(entry);
                metrics.deadLettered();
                LOG.warn("{}: record {} of shard {} (partition key {}) dead-lettered after {} failed calls: {}",
                        labels.workerId(), item.slot().position, labels.shardId(), item.record().partitionKey(),
                        attempts, String.valueOf(error));
                return true;
            } catch (RuntimeException e) { // DeadLetterException included
                if (tries >= policy.maxAttempts()) {
                    stopShard.accept("the dead-letter sink cannot store record " + item.slot().position + " ("
                            + e.getMessage() + ")");
                    return false;
                }
                if (stop.await(policy.backoff(tries))) {
                    return false;
                }
            }
        }
        return false;
    }

    private void done(List<Lane.Item> items) {
        if (items.isEmpty()) {
            return;
        }
        List<Progress.Slot> slots = new ArrayList<>(items.size());
        for (Lane.Item item : items) {
            slots.add(item.slot());
        }
        progress.complete(slots);
        metrics.processed(items.size());
        progressed.run();
    }
}
