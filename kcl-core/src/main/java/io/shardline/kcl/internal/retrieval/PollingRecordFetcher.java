package io.shardline.kcl.internal.retrieval;

import io.shardline.kcl.KinesisClientRecord;
import io.shardline.kcl.StartingPosition;
import io.shardline.kcl.internal.aws.IteratorPosition;
import io.shardline.kcl.internal.aws.KinesisErrors;
import io.shardline.kcl.internal.aws.RecordsResult;
import io.shardline.kcl.internal.aws.StreamRef;
import io.shardline.kcl.retrieval.FatalRetrievalException;
import io.shardline.kcl.retrieval.IteratorExpiredException;
import io.shardline.kcl.retrieval.RecordBatch;
import io.shardline.kcl.retrieval.RecordFetcher;
import io.shardline.kcl.retrieval.RetrievalConfig;
import io.shardline.kcl.retrieval.RetrievalException;
import io.shardline.kcl.retrieval.RetryableRetrievalException;
import io.shardline.kcl.retrieval.StreamShard;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link RecordFetcher} over {@code GetRecords}: an asynchronous loop of steps on the shared fetch scheduler.
 *
 * <pre>
 *  step: buffer full? -> pause (the poll that frees room resumes)
 *        no iterator?  -> GetShardIterator(after the last record, or the start) -> step
 *        reserve a call in the shard's budget, wait if needed -> GetRecords -> answer:
 *          records or millisBehindLatest > 0 -> step at once      (behind: drain)
 *          nothing new                        -> caught up: 1st empty answer in a row: step at once (the budget
 *                                                spaces it), 2nd: after idleInterval / 2, then after idleInterval
 *          shard end (no next iterator)       -> shard-end batch with the child shards; stop
 *          expired iterator                   -> drop the iterator -> step
 *          retryable error                    -> step after exponential backoff with jitter
 *                                                (GetRecords throttled: the budget also lowers its rate;
 *                                                 GetRecords unanswered (I/O, timeout): the next call asks for half
 *                                                 as many records, and each answer doubles it back to the maximum)
 *          fatal error                        -> failed batch; stop
 * </pre>
 *
 * <p>Threading: at most one step or call of a fetcher is in flight at any time, and each step is handed to the next
 * through the scheduler or a future's completion, so the loop state below needs no lock. Only the
 * {@link PrefetchBuffer} and the lifecycle are shared with the consumer's thread.
 */
public final class PollingRecordFetcher implements RecordFetcher {

    private static final Logger log = LoggerFactory.getLogger(PollingRecordFetcher.class);
    private static final String GET_RECORDS = "GetRecords";
    private static final String GET_SHARD_ITERATOR = "GetShardIterator";

    private enum Lifecycle { NEW, STARTED, CLOSED }

    private final StreamShard shard;
    private final StreamRef stream;
    private final FetchEnvironment env;
    private final RetrievalConfig config;
    private final CallBudget callBudget;
    private final FetchMeters meters;
    private final PrefetchBuffer buffer;
    private final RetryLog retryLog;
    private final AtomicReference<Lifecycle> lifecycle = new AtomicReference<>(Lifecycle.NEW);

    // Loop state: touched by one step at a time (see class comment).
    private RecordAssembler assembler;
    private String shardIterator;
    private int consecutiveExpiries;
    private int consecutiveEmpty;
    private int recordLimit;
    private boolean finished;

    public PollingRecordFetcher(StreamShard shard, FetchEnvironment env, CallBudget callBudget, FetchMeters meters) {
        this.shard = Objects.requireNonNull(shard, "shard");
        this.stream = StreamRef.of(shard.stream());
        this.env = Objects.requireNonNull(env, "env");
        this.config = env.config();
        this.callBudget = Objects.requireNonNull(callBudget, "callBudget");
        this.meters = Objects.requireNonNull(meters, "meters");
        this.buffer = new PrefetchBuffer(config.maxPrefetchRecords(), config.maxPrefetchBytes(),
                () -> env.scheduler().execute(this::step));
        this.retryLog = new RetryLog(log, shard);
        this.recordLimit = config.maxRecordsPerCall();
    }

    @Override
    public StreamShard shard() {
        return shard;
    }

    @Override
    public void start(StartingPosition position, Runnable onDataAvailable) {
        Objects.requireNonNull(position, "position");
        Objects.requireNonNull(onDataAvailable, "onDataAvailable");
        if (!lifecycle.compareAndSet(Lifecycle.NEW, Lifecycle.STARTED)) {
            throw new IllegalStateException("fetcher of " + shard + " was already started or closed");
        }
        buffer.onDataAvailable(onDataAvailable);
        assembler = new RecordAssembler(shard, position, meters, env);
        log.debug("Shard {}: polling from {}", shard, position);
        env.scheduler().execute(this::step);
    }

    @Override
    public RecordBatch poll() {
        return buffer.poll();
    }

    @Override
    public void close() {
        if (lifecycle.getAndSet(Lifecycle.CLOSED) != Lifecycle.CLOSED) {
            buffer.close();
        }
    }

    /** For tests and metrics: user records waiting in the buffer. */
    int bufferedRecords() {
        return buffer.bufferedRecords();
    }

    private boolean running() {
        return lifecycle.get() == Lifecycle.STARTED && !finished;
    }

    private void step() {
        if (!running() || buffer.pauseIfFull()) {
            return;
        }
        if (shardIterator == null) {
            requestIterator();
            return;
        }
        Duration wait = callBudget.reserve();
        if (wait.isZero()) {
            getRecords();
        } else {
            env.scheduler().schedule(this::getRecords, wait);
        }
    }

    private void requestIterator() {
        IteratorPosition position = assembler.resumePosition();
        env.proxy().getShardIterator(stream, shard.shardId(), position)
                .whenCompleteAsync((iterator, error) -> onIterator(iterator, error, position), env.scheduler());
    }

    private void onIterator(String iterator, Throwable error, IteratorPosition position) {
        if (!running()) {
            return;
        }
        if (error != null) {
            onFailure(GET_SHARD_ITERATOR, translate(GET_SHARD_ITERATOR, error));
            return;
        }
        retryLog.succeeded();
        if (iterator == null) {
            log.warn("Shard {}: GetShardIterator at {} returned no iterator; treating the shard as ended",
                    shard, position);
            finish(RecordBatch.shardEnd(List.of(), 0, List.of(), assembler.lastSequenceNumber()));
            return;
        }
        shardIterator = iterator;
        step();
    }

    private void getRecords() {
        if (!running()) {
            return;
        }
        int limit = Math.min(recordLimit, Math.max(1, buffer.recordRoom()));
        long startedNanos = env.scheduler().nanoTime();
        env.proxy().getRecords(stream, shard.shardId(), shardIterator, limit)
                .whenCompleteAsync((result, error) -> onRecords(result, error, startedNanos), env.scheduler());
    }

    private void onRecords(RecordsResult result, Throwable error, long startedNanos) {
        if (!running()) {
            return;
        }
        if (error != null) {
            onFailure(GET_RECORDS, translate(GET_RECORDS, error));
            return;
        }
        meters.getRecordsSucceeded(Duration.ofNanos(env.scheduler().nanoTime() - startedNanos));
        retryLog.succeeded();
        consecutiveExpiries = 0;
        recordLimit = (int) Math.min(config.maxRecordsPerCall(), 2L * recordLimit);
        List<KinesisClientRecord> records = assembler.assemble(result.records(), result.plainOnly());
        shardIterator = result.nextShardIterator();
        if (result.isShardEnd()) {
            log.info("Shard {}: reached the end of the shard; child shards {}", shard, result.childShards());
            finish(RecordBatch.shardEnd(records, result.millisBehindLatest(), result.childShards(),
                    assembler.lastSequenceNumber()));
            return;
        }
        buffer.add(RecordBatch.of(records, result.millisBehindLatest(), assembler.lastSequenceNumber()),
                assembler.lastBytes());
        boolean behind = !result.records().isEmpty() || result.millisBehindLatest() > 0;
        consecutiveEmpty = behind ? 0 : Math.min(consecutiveEmpty + 1, 3); // 3: the wait stops growing
        scheduleStep(nextPollDelay());
    }

    /**
     * The wait before the next step after an answer. Behind: none. Caught up, the wait grows over three empty
     * answers in a row: none after the first (the call budget spaces the next call, 1/3 s by default), half the
     * idle interval after the second, the idle interval from the third on. A shard whose records come in bursts with
     * gaps shorter than the idle interval is thus polled again soon after a gap starts, so a record put in the gap
     * waits ~1/3 or ~1/2 s rather than a full idle interval; a shard idle for good costs one call per idle interval
     * after two extra calls.
     */
    private Duration nextPollDelay() {
        if (consecutiveEmpty <= 1) {
            return Duration.ZERO;
        }
        return consecutiveEmpty == 2 ? config.idleInterval().dividedBy(2) : config.idleInterval();
    }

    private void onFailure(String operation, RetrievalException error) {
        if (error instanceof IteratorExpiredException) {
            meters.iteratorExpired();
            shardIterator = null;
            log.info("Shard {}: shard iterator expired; resuming at {}", shard, assembler.resumePosition());
            // A fresh iterator is asked for at once; only a second expiry in a row backs off.
            consecutiveExpiries++;
            scheduleStep(consecutiveExpiries == 1 ? Duration.ZERO : env.backoffDelay(consecutiveExpiries - 1));
            return;
        }
        if (error instanceof RetryableRetrievalException retryable) {
            meters.retried(operation, retryable);
            if (retryable.isThrottling() && GET_RECORDS.equals(operation)) {
                callBudget.throttled();
            }
            if (retryable.retryCause() == RetryableRetrievalException.Cause.IO && GET_RECORDS.equals(operation)) {
                // An answer too large to arrive in time (a slow or loaded endpoint: kinesis-mock took > 5 s for
                // 250 aggregates of 1.3 MB at load 26) would time out again at the same size, forever.
                recordLimit = Math.max(1, recordLimit / 2);
            }
            Duration delay = env.backoffDelay(retryLog.attempts() + 1);
            retryLog.failed(operation, retryable, delay);
            scheduleStep(delay);
            return;
        }
        FatalRetrievalException fatal = (FatalRetrievalException) error;
        meters.failed(operation);
        log.error("Shard {}: {} failed; fetching stops", shard, operation, fatal);
        finish(RecordBatch.failed(fatal));
    }

    private void finish(RecordBatch terminal) {
        finished = true;
        buffer.add(terminal);
    }

    private void scheduleStep(Duration delay) {
        if (running()) {
            env.scheduler().schedule(this::step, delay);
        }
    }

    private RetrievalException translate(String operation, Throwable error) {
        return KinesisErrors.translate(error, operation, shard.stream(), shard.shardId());
    }
}
