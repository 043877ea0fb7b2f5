package io.shardline.kcl.internal.testkit;

import io.shardline.kcl.KinesisClientRecord;
import io.shardline.kcl.internal.aws.IteratorPosition;
import io.shardline.kcl.internal.aws.KinesisProxy;
import io.shardline.kcl.internal.aws.RecordsResult;
import io.shardline.kcl.internal.aws.ShardDescription;
import io.shardline.kcl.internal.aws.ShardEvent;
import io.shardline.kcl.internal.aws.ShardListFilter;
import io.shardline.kcl.internal.aws.ShardSubscriber;
import io.shardline.kcl.internal.aws.StreamConsumer;
import io.shardline.kcl.internal.aws.StreamRef;
import io.shardline.kcl.internal.aws.StreamSummary;
import io.shardline.kcl.retrieval.ChildShard;
import io.shardline.kcl.retrieval.FatalRetrievalException;
import io.shardline.kcl.retrieval.IteratorExpiredException;
import io.shardline.kcl.retrieval.RetrievalException;
import io.shardline.kcl.retrieval.RetryableRetrievalException;
import io.shardline.lease.HashKeyRange;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * An in-memory Kinesis behind the internal {@link KinesisProxy} interface: shards with lineage (split, merge, hash-key
 * ranges, ListShards filters), records routed by the MD5 of their partition key, iterators (with Kinesis's five-minute
 * expiry when a clock is given), enhanced fan-out subscriptions, and fault injection: fail the next N calls of an
 * operation, or any call through a {@linkplain #faults(BiFunction) fault function}; expire every iterator handed out;
 * end or fail a subscription. Answers complete synchronously, on the caller's thread (the fetchers hop to their
 * scheduler anyway; a single-threaded simulation never waits on another thread). Thread-safe: the model, and the
 * fault function it calls, run under this object's lock.
 *
 * <p>Used by kcl-core's tests and, through its subclass {@code io.shardline.testing.sim.SimKinesis} (which adds
 * Kinesis's per-shard read limit on virtual time), by the whole-worker simulator. Not production code
 * (ArchitectureTest).
 */
public class FakeKinesisProxy implements KinesisProxy {

    public static final String STREAM = "stream";
    public static final String STREAM_ARN = "arn:aws:kinesis:us-east-1:000000000000:stream/" + STREAM;
    public static final HashKeyRange FULL_RANGE =
            HashKeyRange.of("0", "340282366920938463463374607431768211455");

    public enum Operation {
        LIST_SHARDS, DESCRIBE_STREAM_SUMMARY, GET_SHARD_ITERATOR, GET_RECORDS, REGISTER_STREAM_CONSUMER,
        DESCRIBE_STREAM_CONSUMER, SUBSCRIBE_TO_SHARD
    }

    /** How long Kinesis honours a shard iterator. */
    public static final long ITERATOR_LIFETIME_NANOS = 300_000_000_000L;

    private record IteratorState(String shardId, int index, boolean expired, long issuedNanos) {
    }

    private final Map<String, FakeShard> shards = new LinkedHashMap<>();
    private final Map<Operation, Deque<Supplier<? extends RetrievalException>>> faults = new EnumMap<>(Operation.class);
    private final Map<Operation, Integer> calls = new EnumMap<>(Operation.class);
    private final Map<String, IteratorState> iterators = new HashMap<>();
    private final List<Integer> getRecordsLimits = new ArrayList<>();
    private final List<IteratorPosition> iteratorPositions = new ArrayList<>();
    private final List<IteratorPosition> subscriptionPositions = new ArrayList<>();
    private final Map<String, StreamConsumer> consumers = new HashMap<>();
    private final Map<String, Integer> describesUntilActive = new HashMap<>();
    private final List<FakeSubscription> subscriptions = new ArrayList<>();
    private long nextSequence = 1;
    private int nextIterator = 1;
    private int eventMaxRecords = 3;
    private int consumerActivationDescribes = 1;
    private boolean subscriptionsReportShardEnd = true;
    private boolean stallNextSubscription;
    private boolean hangNextSubscribe;
    private Instant now = Instant.EPOCH;
    private final LongSupplier nanoClock;
    private BiFunction<Operation, String, RetrievalException> faultFunction = (operation, shardId) -> null;
    private final Map<String, BigInteger> hashKeys = new ConcurrentHashMap<>();

    /** A fake without clock: iterators never expire on their own (only through {@link #expireIssuedIterators()}). */
    public FakeKinesisProxy() {
        this.nanoClock = null;
    }

    /** A fake on {@code nanoClock} (monotonic nanos): iterators expire five minutes after they are handed out. */
    public FakeKinesisProxy(LongSupplier nanoClock) {
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    }

    /**
     * Consulted on every call after the queued faults ({@link #failNext}): the error to answer with, or null. The
     * shard id is null for stream-level calls. Replaces the previous function.
     */
    public synchronized void faults(BiFunction<Operation, String, RetrievalException> faultFunction) {
        this.faultFunction = Objects.requireNonNull(faultFunction, "faultFunction");
    }

    /** Every shard, in creation order. */
    public synchronized List<FakeShard> shards() {
        return List.copyOf(shards.values());
    }

    /**
     * Puts a record where Kinesis would: the open shard whose hash-key range holds the MD5 of {@code partitionKey}.
     * Returns that shard.
     */
    public FakeShard putRouted(String partitionKey, byte[] data, Instant arrival) {
        BigInteger hash = hashKeys.computeIfAbsent(partitionKey, k -> new BigInteger(1, md5(k)));
        FakeShard target = null;
        synchronized (this) {
            for (FakeShard shard : shards.values()) {
                if (!shard.closed && shard.range.contains(hash)) {
                    target = shard;
                    break;
                }
            }
        }
        if (target == null) {
            throw new IllegalStateException("no open shard holds hash key " + hash);
        }
        target.put(partitionKey, data, arrival);
        return target;
    }

    private static byte[] md5(String key) {
        try {
            return MessageDigest.getInstance("MD5").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ----- stream contents -----

    /** The shard {@code shardId}, created empty on first use. */
    public synchronized FakeShard shard(String shardId) {
        return shards.computeIfAbsent(shardId, FakeShard::new);
    }

    /** One shard of the fake stream. */
    public final class FakeShard {
        private final String shardId;
        private final List<KinesisClientRecord> records = new ArrayList<>();
        private final Instant openedAt;
        private boolean closed;
        private Instant closedAt;
        private List<ChildShard> children = List.of();
        private List<String> parents = List.of();
        private HashKeyRange range = FULL_RANGE;

        private FakeShard(String shardId) {
            this.shardId = shardId;
            this.openedAt = now;
        }

        /** Sets the shard's parents (as ListShards reports them) and hash-key range. */
        public FakeShard lineage(List<String> parentShardIds, HashKeyRange hashKeyRange) {
            synchronized (FakeKinesisProxy.this) {
                parents = List.copyOf(parentShardIds);
                range = hashKeyRange;
            }
            return this;
        }

        public HashKeyRange range() {
            synchronized (FakeKinesisProxy.this) {
                return range;
            }
        }

        public String put(String partitionKey, String data) {
            return put(partitionKey, data.getBytes(StandardCharsets.UTF_8), Instant.EPOCH.plusSeconds(nextSequence));
        }

        /** Adds a record; returns its sequence number. */
        public String put(String partitionKey, byte[] data, Instant arrival) {
            List<FakeSubscription> toPump;
            String sequenceNumber;
            synchronized (FakeKinesisProxy.this) {
                String n = Long.toString(nextSequence++); // the digits of %020d, without String.format
                sequenceNumber = "49600000000000000000" + "00000000000000000000".substring(n.length()) + n;
                records.add(KinesisClientRecord.plain(partitionKey, sequenceNumber, arrival, ByteBuffer.wrap(data.clone())));
                toPump = List.copyOf(subscriptions);
            }
            toPump.forEach(FakeSubscription::pump);
            return sequenceNumber;
        }

        /**
         * Closes the shard (split or merge): readers that reach its end get {@code children}, which are created (open,
         * with their parents and ranges) if they do not exist yet.
         */
        public void close(List<ChildShard> childShards) {
            List<FakeSubscription> toPump;
            synchronized (FakeKinesisProxy.this) {
                closed = true;
                closedAt = now;
                children = List.copyOf(childShards);
                childShards.forEach(c -> shard(c.shardId()).lineage(c.parentShardIds(), c.hashKeyRange()));
                toPump = List.copyOf(subscriptions);
            }
            toPump.forEach(FakeSubscription::pump);
        }

        public String shardId() {
            return shardId;
        }

        public boolean isClosed() {
            synchronized (FakeKinesisProxy.this) {
                return closed;
            }
        }

        public List<String> parents() {
            synchronized (FakeKinesisProxy.this) {
                return parents;
            }
        }

        /** The records put so far, in order. */
        public List<KinesisClientRecord> records() {
            synchronized (FakeKinesisProxy.this) {
                return List.copyOf(records);
            }
        }

        public int size() {
            synchronized (FakeKinesisProxy.this) {
                return records.size();
            }
        }

        public String sequenceNumberAt(int index) {
            synchronized (FakeKinesisProxy.this) {
                return records.get(index).sequenceNumber();
            }
        }
    }

    /** Splits {@code parent} at the middle of its range into {@code low} and {@code high}; returns the children. */
    public List<ChildShard> split(String parent, String low, String high) {
        HashKeyRange range = shard(parent).range();
        BigInteger middle = range.startingHashKey().add(range.endingHashKey()).shiftRight(1);
        List<ChildShard> children = List.of(
                new ChildShard(low, List.of(parent), new HashKeyRange(range.startingHashKey(), middle)),
                new ChildShard(high, List.of(parent),
                        new HashKeyRange(middle.add(BigInteger.ONE), range.endingHashKey())));
        shard(parent).close(children);
        return children;
    }

    /** Merges adjacent {@code a} (lower range) and {@code b} into {@code child}; returns it. */
    public ChildShard merge(String a, String b, String child) {
        ChildShard merged = new ChildShard(child, List.of(a, b),
                new HashKeyRange(shard(a).range().startingHashKey(), shard(b).range().endingHashKey()));
        shard(a).close(List.of(merged));
        shard(b).close(List.of(merged));
        return merged;
    }

    /** The time shards are opened and closed at from now on (ListShards' AT_TIMESTAMP filter reads it). */
    public synchronized void time(Instant time) {
        this.now = time;
    }

    // ----- fault injection and observation -----

    /** The next {@code times} calls of {@code operation} fail with {@code error}. */
    public synchronized FakeKinesisProxy failNext(Operation operation, int times,
            Supplier<? extends RetrievalException> error) {
        Deque<Supplier<? extends RetrievalException>> queue = faults.computeIfAbsent(operation,
                ignored -> new ArrayDeque<>());
        for (int i = 0; i < times; i++) {
            queue.add(error);
        }
        return this;
    }

    /** Every iterator handed out so far is expired. */
    public synchronized void expireIssuedIterators() {
        iterators.replaceAll((token, state) -> new IteratorState(state.shardId(), state.index(), true,
                state.issuedNanos()));
    }

    public synchronized int calls(Operation operation) {
        return calls.getOrDefault(operation, 0);
    }

    public synchronized List<Integer> getRecordsLimits() {
        return List.copyOf(getRecordsLimits);
    }

    public synchronized List<IteratorPosition> iteratorPositions() {
        return List.copyOf(iteratorPositions);
    }

    public synchronized List<IteratorPosition> subscriptionPositions() {
        return List.copyOf(subscriptionPositions);
    }

    /** At most this many records per fan-out event. */
    public synchronized void eventMaxRecords(int max) {
        this.eventMaxRecords = max;
    }

    /** How many DescribeStreamConsumer calls report a new consumer CREATING before it is ACTIVE. */
    public synchronized void consumerActivationDescribes(int describes) {
        this.consumerActivationDescribes = describes;
    }

    /** The next subscription opens but never answers a request (a half-dead HTTP/2 stream). */
    public synchronized void stallNextSubscription() {
        this.stallNextSubscription = true;
    }

    /** The next {@code SubscribeToShard} call never opens its subscription (no signal at all). */
    public synchronized void hangNextSubscribe() {
        this.hangNextSubscribe = true;
    }

    /** False: subscriptions never report a shard's end (as kinesis-mock 0.6.2); GetRecords still does. */
    public synchronized void subscriptionsReportShardEnd(boolean report) {
        this.subscriptionsReportShardEnd = report;
    }

    /** The latest fan-out subscription. */
    public synchronized FakeSubscription lastSubscription() {
        return subscriptions.isEmpty() ? null : subscriptions.get(subscriptions.size() - 1);
    }

    public static RetryableRetrievalException throttled() {
        return new RetryableRetrievalException(RetryableRetrievalException.Cause.THROTTLED, "GetRecords", STREAM,
                null, "ProvisionedThroughputExceededException", "Rate exceeded", null);
    }

    public static RetryableRetrievalException resourceInUse() {
        return new RetryableRetrievalException(RetryableRetrievalException.Cause.RESOURCE_IN_USE,
                "SubscribeToShard", STREAM, null, "ResourceInUseException", "still subscribed", null);
    }

    public static FatalRetrievalException accessDenied() {
        return new FatalRetrievalException("GetRecords", STREAM, null, "AccessDeniedException", "denied", null);
    }

    public static IteratorExpiredException expired() {
        return new IteratorExpiredException("GetRecords", STREAM, null, "Iterator expired", null);
    }

    // ----- KinesisProxy -----

    @Override
    public synchronized CompletableFuture<List<ShardDescription>> listShards(StreamRef stream,
            ShardListFilter filter) {
        RetrievalException fault = fault(Operation.LIST_SHARDS);
        if (fault != null) {
            return CompletableFuture.failedFuture(fault);
        }
        List<ShardDescription> result = new ArrayList<>();
        for (FakeShard shard : shards.values()) {
            if (!matches(shard, filter)) {
                continue;
            }
            String first = shard.records.isEmpty() ? "0" : shard.records.get(0).sequenceNumber();
            String last = !shard.closed ? null
                    : shard.records.isEmpty() ? first : shard.records.get(shard.records.size() - 1).sequenceNumber();
            String parent = shard.parents.isEmpty() ? null : shard.parents.get(0);
            String adjacent = shard.parents.size() < 2 ? null : shard.parents.get(1);
            result.add(new ShardDescription(shard.shardId, parent, adjacent, shard.range, first, last));
        }
        return CompletableFuture.completedFuture(result);
    }

    private static boolean matches(FakeShard shard, ShardListFilter filter) {
        if (filter == null) {
            return true;
        }
        return switch (filter.type()) {
            case AT_LATEST -> !shard.closed;
            case AT_TIMESTAMP -> !shard.openedAt.isAfter(filter.timestamp())
                    && (!shard.closed || !shard.closedAt.isBefore(filter.timestamp()));
            case FROM_TIMESTAMP -> !shard.closed || !shard.closedAt.isBefore(filter.timestamp());
            case AT_TRIM_HORIZON, FROM_TRIM_HORIZON -> true;
            case AFTER_SHARD_ID -> shard.shardId.compareTo(filter.shardId()) > 0;
        };
    }

    @Override
    public synchronized CompletableFuture<StreamSummary> describeStreamSummary(StreamRef stream) {
        RetrievalException fault = fault(Operation.DESCRIBE_STREAM_SUMMARY);
        if (fault != null) {
            return CompletableFuture.failedFuture(fault);
        }
        return CompletableFuture.completedFuture(new StreamSummary(STREAM, STREAM_ARN, "ACTIVE", shards.size(),
                consumers.size()));
    }

    @Override
    public synchronized CompletableFuture<String> getShardIterator(StreamRef stream, String shardId,
            IteratorPosition position) {
        RetrievalException fault = fault(Operation.GET_SHARD_ITERATOR, shardId);
        if (fault != null) {
            return CompletableFuture.failedFuture(fault);
        }
        iteratorPositions.add(position);
        return CompletableFuture.completedFuture(newIterator(shardId, indexOf(shard(shardId), position)));
    }

    @Override
    public synchronized CompletableFuture<RecordsResult> getRecords(StreamRef stream, String shardId,
            String shardIterator, int limit) {
        RetrievalException fault = fault(Operation.GET_RECORDS, shardId);
        if (fault != null) {
            return CompletableFuture.failedFuture(fault);
        }
        getRecordsLimits.add(limit);
        IteratorState state = iterators.get(shardIterator);
        if (state == null || state.expired() || (nanoClock != null
                && nanoClock.getAsLong() - state.issuedNanos() > ITERATOR_LIFETIME_NANOS)) {
            return CompletableFuture.failedFuture(expired());
        }
        FakeShard shard = shard(state.shardId());
        int from = state.index();
        int to = Math.min(shard.records.size(), from + limit);
        List<KinesisClientRecord> page = List.copyOf(shard.records.subList(from, to));
        boolean ended = shard.closed && to == shard.records.size();
        long behind = (shard.records.size() - to) * 1000L;
        return CompletableFuture.completedFuture(new RecordsResult(page, ended ? null : newIterator(shardId, to),
                behind, ended ? shard.children : List.of()));
    }

    @Override
    public synchronized CompletableFuture<StreamConsumer> registerStreamConsumer(String streamArn,
            String consumerName) {
        RetrievalException fault = fault(Operation.REGISTER_STREAM_CONSUMER);
        if (fault != null) {
            return CompletableFuture.failedFuture(fault);
        }
        StreamConsumer consumer = new StreamConsumer(consumerName, streamArn + "/consumer/" + consumerName + ":1",
                "CREATING");
        consumers.put(consumerName, consumer);
        describesUntilActive.put(consumerName, consumerActivationDescribes);
        return CompletableFuture.completedFuture(consumer);
    }

    @Override
    public synchronized CompletableFuture<StreamConsumer> describeStreamConsumer(String streamArn,
            String consumerName) {
        RetrievalException fault = fault(Operation.DESCRIBE_STREAM_CONSUMER);
        if (fault != null) {
            return CompletableFuture.failedFuture(fault);
        }
        StreamConsumer consumer = consumers.get(consumerName);
        if (consumer == null) {
            return CompletableFuture.failedFuture(new FatalRetrievalException("DescribeStreamConsumer", streamArn,
                    null, "ResourceNotFoundException", "no consumer " + consumerName, null));
        }
        int left = describesUntilActive.merge(consumerName, -1, Integer::sum);
        if (left < 0 && !consumer.isActive()) {
            consumer = new StreamConsumer(consumer.name(), consumer.arn(), "ACTIVE");
            consumers.put(consumerName, consumer);
        }
        return CompletableFuture.completedFuture(consumer);
    }

    @Override
    public void subscribeToShard(String consumerArn, String shardId, IteratorPosition position,
            ShardSubscriber subscriber) {
        FakeSubscription subscription;
        synchronized (this) {
            RetrievalException fault = fault(Operation.SUBSCRIBE_TO_SHARD);
            if (fault != null) {
                subscriber.onError(fault);
                return;
            }
            subscriptionPositions.add(position);
            subscription = new FakeSubscription(subscriber, shard(shardId), indexOf(shard(shardId), position));
            subscription.stalled = stallNextSubscription;
            stallNextSubscription = false;
            subscriptions.add(subscription);
            if (hangNextSubscribe) {
                hangNextSubscribe = false;
                return;
            }
        }
        subscriber.onSubscribe(subscription);
    }

    /** One fan-out subscription: delivers events as they are requested, one per request. */
    public final class FakeSubscription implements ShardSubscriber.Subscription {
        private final ShardSubscriber subscriber;
        private final FakeShard shard;
        private int index;
        private long demand;
        private boolean cancelled;
        private boolean terminated;
        private boolean stalled;
        private int eventsDelivered;
        private long requested;

        private FakeSubscription(ShardSubscriber subscriber, FakeShard shard, int index) {
            this.subscriber = subscriber;
            this.shard = shard;
            this.index = index;
        }

        @Override
        public void request(long n) {
            synchronized (FakeKinesisProxy.this) {
                demand += n;
                requested += n;
            }
            pump();
        }

        @Override
        public void cancel() {
            synchronized (FakeKinesisProxy.this) {
                cancelled = true;
            }
        }

        public boolean isCancelled() {
            synchronized (FakeKinesisProxy.this) {
                return cancelled;
            }
        }

        public long requested() {
            synchronized (FakeKinesisProxy.this) {
                return requested;
            }
        }

        public int eventsDelivered() {
            synchronized (FakeKinesisProxy.this) {
                return eventsDelivered;
            }
        }

        /** An event without records, as Kinesis sends while a shard is idle; needs demand. */
        public void emitIdleEvent() {
            ShardEvent event;
            synchronized (FakeKinesisProxy.this) {
                if (demand <= 0 || cancelled || terminated) {
                    return;
                }
                demand--;
                eventsDelivered++;
                String continuation = index == 0 ? "0" : shard.records.get(index - 1).sequenceNumber();
                event = new ShardEvent(List.of(), continuation, 0, List.of());
            }
            subscriber.onEvent(event);
        }

        /** Kinesis ends the subscription normally (as after 5 minutes). */
        public void complete() {
            synchronized (FakeKinesisProxy.this) {
                terminated = true;
            }
            subscriber.onComplete();
        }

        /** The subscription fails with {@code error}. */
        public void fail(RetrievalException error) {
            synchronized (FakeKinesisProxy.this) {
                terminated = true;
            }
            subscriber.onError(error);
        }

        void pump() {
            while (true) {
                ShardEvent event = nextEvent();
                if (event == null) {
                    return;
                }
                subscriber.onEvent(event);
            }
        }

        private ShardEvent nextEvent() {
            synchronized (FakeKinesisProxy.this) {
                int available = shard.records.size() - index;
                boolean reportsEnd = shard.closed && subscriptionsReportShardEnd;
                if (demand <= 0 || cancelled || terminated || stalled || (available == 0 && !reportsEnd)) {
                    return null;
                }
                int count = Math.min(eventMaxRecords, available);
                List<KinesisClientRecord> page = List.copyOf(shard.records.subList(index, index + count));
                index += count;
                demand--;
                eventsDelivered++;
                boolean ended = reportsEnd && index == shard.records.size();
                if (ended) {
                    terminated = true;
                }
                String continuation = ended ? null : shard.records.get(index - 1).sequenceNumber();
                long behind = (shard.records.size() - index) * 1000L;
                return new ShardEvent(page, continuation, behind, ended ? shard.children : List.of());
            }
        }
    }

    // ----- internals -----

    private RetrievalException fault(Operation operation) {
        return fault(operation, null);
    }

    private RetrievalException fault(Operation operation, String shardId) {
        calls.merge(operation, 1, Integer::sum);
        Deque<Supplier<? extends RetrievalException>> queue = faults.get(operation);
        if (queue != null && !queue.isEmpty()) {
            return queue.poll().get();
        }
        return faultFunction.apply(operation, shardId);
    }

    private String newIterator(String shardId, int index) {
        String token = "iterator-" + nextIterator++;
        iterators.put(token, new IteratorState(shardId, index, false, nanoClock == null ? 0 : nanoClock.getAsLong()));
        return token;
    }

    private static int indexOf(FakeShard shard, IteratorPosition position) {
        return switch (position.type()) {
            case TRIM_HORIZON -> 0;
            case LATEST -> shard.records.size();
            case AT_TIMESTAMP -> firstIndex(shard, r -> !r.approximateArrivalTimestamp()
                    .isBefore(position.timestamp()));
            case AT_SEQUENCE_NUMBER -> firstIndex(shard, r -> r.sequenceNumber().equals(position.sequenceNumber()));
            case AFTER_SEQUENCE_NUMBER -> Math.min(shard.records.size(), firstIndex(shard, r -> r.sequenceNumber()
                    .equals(position.sequenceNumber())) + 1);
        };
    }

    private static int firstIndex(FakeShard shard, Predicate<KinesisClientRecord> matches) {
        for (int i = 0; i < shard.records.size(); i++) {
            if (matches.test(shard.records.get(i))) {
                return i;
            }
        }
        return shard.records.size();
    }
}
