package io.shardline.kcl.internal.retrieval;

import io.shardline.kcl.KinesisClientRecord;
import io.shardline.kcl.StartingPosition;
import io.shardline.kcl.internal.aws.IteratorPosition;
import io.shardline.kcl.internal.concurrent.SerialExecutor;
import io.shardline.kcl.internal.aws.KinesisErrors;
import io.shardline.kcl.internal.aws.RecordsResult;
import io.shardline.kcl.internal.aws.ShardEvent;
import io.shardline.kcl.internal.aws.ShardSubscriber;
import io.shardline.kcl.internal.aws.StreamRef;
import io.shardline.kcl.retrieval.FatalRetrievalException;
import io.shardline.kcl.retrieval.RecordBatch;
import io.shardline.kcl.retrieval.RecordFetcher;
import io.shardline.kcl.retrieval.RetrievalException;
import io.shardline.kcl.retrieval.RetryableRetrievalException;
import io.shardline.kcl.retrieval.StreamShard;
import io.shardline.lease.internal.shared.AwsErrors;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link RecordFetcher} over enhanced fan-out: {@code SubscribeToShard} over HTTP/2 with the async client.
 *
 * <pre>
 *  resolve consumer (find or register, wait ACTIVE) --error--> backoff, resolve again | fatal: failed batch
 *        |
 *  subscribe(generation g, from AFTER continuation | the start)
 *        |-- onSubscribe -> request(1) while the buffer has room (flow control: one event in flight)
 *        |-- event       -> batch into the buffer; request(1) if room; shard end -> shard-end batch, stop
 *        |-- complete    -> (Kinesis ends a subscription after 5 min) subscribe(g+1) at once
 *        |-- error       -> retryable: subscribe(g+1) after backoff | fatal: failed batch, stop
 *        |-- renewal timer (subscriptionRenewalInterval) -> cancel, subscribe(g+1)
 *        |-- stall watchdog: not opened, or an event requested and none for subscriptionStallTimeout
 *        |                   -> one WARN line, cancel, subscribe(g+1) from the continuation
 *        '-- only empty caught-up events for shardEndProbeInterval -> one GetShardIterator + GetRecords at the
 *            continuation: no next iterator -> shard-end batch with the child shards, stop
 * </pre>
 *
 * <p>Threading: every signal (SDK callbacks, timers, the consumer freeing room, close) is posted to this fetcher's
 * {@link SerialExecutor} on the shared fetch scheduler, so the state below is confined to one logical thread and
 * needs no lock. Signals of an older subscription generation are ignored.
 */
public final class FanOutRecordFetcher implements RecordFetcher {

    private static final Logger log = LoggerFactory.getLogger(FanOutRecordFetcher.class);
    private static final String SUBSCRIBE = "SubscribeToShard";
    private static final String REGISTER = "RegisterStreamConsumer";

    private enum Lifecycle { NEW, STARTED, CLOSED }

    private final StreamShard shard;
    private final StreamRef stream;
    private final FetchEnvironment env;
    private final FanOutConsumers consumers;
    private final FetchMeters meters;
    private final SerialExecutor serial;
    private final PrefetchBuffer buffer;
    private final RetryLog retryLog;
    private final ShardEndProbe shardEndProbe;
    private final AtomicReference<Lifecycle> lifecycle = new AtomicReference<>(Lifecycle.NEW);

    // Confined to the serial executor.
    private RecordAssembler assembler;
    private String consumerArn;
    private String continuationSequenceNumber;
    private int generation;
    private ShardSubscriber.Subscription subscription;
    private boolean demandOutstanding;
    private int eventsOfSubscription;
    /** When this fetcher last heard from the current subscription, or started waiting for it (scheduler nanos). */
    private long lastSignalNanos;
    private boolean finished;

    public FanOutRecordFetcher(StreamShard shard, FetchEnvironment env, FanOutConsumers consumers,
            FetchMeters meters) {
        this.shard = Objects.requireNonNull(shard, "shard");
        this.stream = StreamRef.of(shard.stream());
        this.env = Objects.requireNonNull(env, "env");
        this.consumers = Objects.requireNonNull(consumers, "consumers");
        this.meters = Objects.requireNonNull(meters, "meters");
        this.serial = new SerialExecutor(env.scheduler(), 16, "fan-out fetcher of " + shard.shardId());
        this.buffer = new PrefetchBuffer(env.config().maxPrefetchRecords(), env.config().maxPrefetchBytes(),
                () -> serial.execute(this::requestIfRoom));
        this.retryLog = new RetryLog(log, shard);
        this.shardEndProbe = new ShardEndProbe(env.config().shardEndProbeInterval());
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
        serial.execute(() -> {
            assembler = new RecordAssembler(shard, position, meters, env);
            log.debug("Shard {}: enhanced fan-out from {}", shard, position);
            resolveConsumer();
        });
    }

    @Override
    public RecordBatch poll() {
        return buffer.poll();
    }

    @Override
    public void close() {
        if (lifecycle.getAndSet(Lifecycle.CLOSED) != Lifecycle.CLOSED) {
            buffer.close();
            serial.execute(this::cancelSubscription);
        }
    }

    private boolean running() {
        return lifecycle.get() == Lifecycle.STARTED && !finished;
    }

    private void resolveConsumer() {
        consumers.consumerArn(stream).whenComplete((arn, error) -> serial.execute(() -> onConsumer(arn, error)));
    }

    private void onConsumer(String arn, Throwable error) {
        if (!running()) {
            return;
        }
        if (error != null) {
            RetrievalException failure = KinesisErrors.translate(error, REGISTER, shard.stream(), shard.shardId());
            if (failure instanceof RetryableRetrievalException retryable) {
                Duration delay = backoff(REGISTER, retryable);
                env.scheduler().schedule(() -> serial.execute(this::resolveConsumer), delay);
            } else {
                fail(REGISTER, (FatalRetrievalException) failure);
            }
            return;
        }
        consumerArn = arn;
        subscribe();
    }

    private void subscribe() {
        if (!running()) {
            return;
        }
        int subscriptionGeneration = ++generation;
        subscription = null;
        demandOutstanding = false;
        eventsOfSubscription = 0;
        IteratorPosition position = continuationSequenceNumber != null
                ? IteratorPosition.afterSequenceNumber(continuationSequenceNumber)
                : assembler.resumePosition();
        log.debug("Shard {}: subscribing (#{}) at {}", shard, subscriptionGeneration, position);
        meters.subscribed();
        lastSignalNanos = env.scheduler().nanoTime();
        env.proxy().subscribeToShard(consumerArn, shard.shardId(), position, new Signals(subscriptionGeneration));
        env.scheduler().schedule(() -> serial.execute(() -> renew(subscriptionGeneration)),
                env.config().subscriptionRenewalInterval());
        watchForStall(subscriptionGeneration, env.config().subscriptionStallTimeout());
    }

    private void watchForStall(int subscriptionGeneration, Duration delay) {
        env.scheduler().schedule(() -> serial.execute(() -> checkStall(subscriptionGeneration)), delay);
    }

    /**
     * A subscription that never opened, or that owes an event it was asked for, and has been silent for the stall
     * timeout is replaced. One that is paused by back-pressure owes nothing and is left alone.
     */
    private void checkStall(int subscriptionGeneration) {
        if (subscriptionGeneration != generation || !running()) {
            return;
        }
        Duration timeout = env.config().subscriptionStallTimeout();
        Duration silent = Duration.ofNanos(env.scheduler().nanoTime() - lastSignalNanos);
        boolean owed = subscription == null || demandOutstanding;
        if (!owed || silent.compareTo(timeout) < 0) {
            watchForStall(subscriptionGeneration, owed ? timeout.minus(silent) : timeout);
            return;
        }
        log.warn("Shard {}: subscription #{} {} for {}; subscribing again", shard, subscriptionGeneration,
                subscription == null ? "did not open" : "delivered no requested event", silent);
        meters.subscriptionStalled();
        cancelSubscription();
        subscribe();
    }

    private void onSubscribed(int signalGeneration, ShardSubscriber.Subscription newSubscription) {
        if (signalGeneration != generation || !running()) {
            newSubscription.cancel();
            return;
        }
        subscription = newSubscription;
        lastSignalNanos = env.scheduler().nanoTime();
        requestIfRoom();
    }

    private void requestIfRoom() {
        if (!running() || subscription == null || demandOutstanding || buffer.pauseIfFull()) {
            return;
        }
        demandOutstanding = true;
        lastSignalNanos = env.scheduler().nanoTime();
        subscription.request(1);
    }

    private void onEvent(int signalGeneration, ShardEvent event) {
        if (signalGeneration != generation || !running()) {
            return;
        }
        demandOutstanding = false;
        eventsOfSubscription++;
        lastSignalNanos = env.scheduler().nanoTime();
        retryLog.succeeded();
        List<KinesisClientRecord> records = assembler.assemble(event.records(), event.plainOnly());
        if (event.isShardEnd()) {
            log.info("Shard {}: reached the end of the shard; child shards {}", shard, event.childShards());
            finished = true;
            buffer.add(RecordBatch.shardEnd(records, event.millisBehindLatest(), event.childShards(),
                    event.continuationSequenceNumber() != null ? event.continuationSequenceNumber()
                            : assembler.lastSequenceNumber()));
            cancelSubscription();
            return;
        }
        continuationSequenceNumber = event.continuationSequenceNumber();
        buffer.add(RecordBatch.of(records, event.millisBehindLatest(), continuationSequenceNumber),
                assembler.lastBytes());
        boolean idle = event.records().isEmpty() && event.millisBehindLatest() <= 0;
        if (shardEndProbe.shouldProbe(idle, env.scheduler().nanoTime())) {
            probeShardEnd();
        }
        requestIfRoom();
    }

    private void probeShardEnd() {
        IteratorPosition position = IteratorPosition.afterSequenceNumber(continuationSequenceNumber);
        env.proxy().getShardIterator(stream, shard.shardId(), position)
                .thenCompose(iterator -> env.proxy().getRecords(stream, shard.shardId(), iterator, 1))
                .whenComplete((result, error) -> serial.execute(() -> onProbed(result, error)));
    }

    private void onProbed(RecordsResult result, Throwable error) {
        shardEndProbe.finished(env.scheduler().nanoTime());
        if (!running()) {
            return;
        }
        if (error != null) {
            log.debug("Shard {}: shard-end probe failed: {}", shard, AwsErrors.unwrap(error).toString());
            return;
        }
        if (result.isShardEnd() && result.records().isEmpty()) {
            log.info("Shard {}: closed and read to its end (found by probe, the subscription did not report it); "
                    + "child shards {}", shard, result.childShards());
            finished = true;
            buffer.add(RecordBatch.shardEnd(List.of(), 0, result.childShards(), continuationSequenceNumber));
            cancelSubscription();
        }
    }

    private void onCompleted(int signalGeneration) {
        if (signalGeneration != generation || !running()) {
            return;
        }
        log.debug("Shard {}: subscription #{} ended after {} events; subscribing again", shard, signalGeneration,
                eventsOfSubscription);
        subscription = null;
        if (eventsOfSubscription > 0) {
            subscribe();
            return;
        }
        // Ended before any event: do not spin, wait the first backoff step.
        subscribeLater(++generation, env.backoffDelay(1));
    }

    private void onFailed(int signalGeneration, RetrievalException error) {
        if (signalGeneration != generation || !running()) {
            return;
        }
        subscription = null;
        int retryGeneration = ++generation; // ignore anything else the failed subscription still sends
        if (error instanceof FatalRetrievalException fatal) {
            fail(SUBSCRIBE, fatal);
            return;
        }
        RetryableRetrievalException retryable = error instanceof RetryableRetrievalException r ? r
                : new RetryableRetrievalException(RetryableRetrievalException.Cause.SERVICE_ERROR, SUBSCRIBE,
                        shard.stream(), shard.shardId(), error.errorCode(), error.getMessage(), error);
        subscribeLater(retryGeneration, backoff(SUBSCRIBE, retryable));
    }

    /** Subscribes after {@code delay} unless something else started a subscription meanwhile. */
    private void subscribeLater(int retryGeneration, Duration delay) {
        env.scheduler().schedule(() -> serial.execute(() -> {
            if (generation == retryGeneration) {
                subscribe();
            }
        }), delay);
    }

    private void renew(int subscriptionGeneration) {
        if (subscriptionGeneration != generation || !running()) {
            return;
        }
        log.debug("Shard {}: renewing subscription #{}", shard, subscriptionGeneration);
        cancelSubscription();
        subscribe();
    }

    private Duration backoff(String operation, RetryableRetrievalException error) {
        meters.retried(operation, error);
        Duration delay = env.backoffDelay(retryLog.attempts() + 1);
        retryLog.failed(operation, error, delay);
        return delay;
    }

    private void fail(String operation, FatalRetrievalException error) {
        meters.failed(operation);
        log.error("Shard {}: {} failed; fetching stops", shard, operation, error);
        finished = true;
        buffer.add(RecordBatch.failed(error));
    }

    private void cancelSubscription() {
        if (subscription != null) {
            subscription.cancel();
            subscription = null;
        }
    }

    /** The signals of one subscription generation, posted to the serial executor. */
    private final class Signals implements ShardSubscriber {
        private final int signalGeneration;

        Signals(int signalGeneration) {
            this.signalGeneration = signalGeneration;
        }

        @Override
        public void onSubscribe(Subscription newSubscription) {
            serial.execute(() -> onSubscribed(signalGeneration, newSubscription));
        }

        @Override
        public void onEvent(ShardEvent event) {
            serial.execute(() -> FanOutRecordFetcher.this.onEvent(signalGeneration, event));
        }

        @Override
        public void onError(RetrievalException error) {
            serial.execute(() -> onFailed(signalGeneration, error));
        }

        @Override
        public void onComplete() {
            serial.execute(() -> onCompleted(signalGeneration));
        }
    }
}
