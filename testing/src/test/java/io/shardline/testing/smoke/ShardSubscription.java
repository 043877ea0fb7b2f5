package io.shardline.testing.smoke;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardEvent;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardEventStream;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardResponseHandler;

/**
 * One SubscribeToShard call that collects the records it receives, requesting one event at a time (flow
 * control as a real consumer does it). Closing it cancels the subscription.
 */
final class ShardSubscription implements AutoCloseable {

    private final List<Record> records = new CopyOnWriteArrayList<>();
    private final AtomicReference<Throwable> error = new AtomicReference<>();
    private final AtomicReference<Subscription> subscription = new AtomicReference<>();
    private final AtomicReference<String> continuation = new AtomicReference<>();
    private final AtomicInteger events = new AtomicInteger();
    private final long openedNanos = System.nanoTime();
    private final CompletableFuture<Void> call;

    private ShardSubscription(KinesisAsyncClient kinesis, String consumerArn, String shardId) {
        SubscribeToShardResponseHandler handler = SubscribeToShardResponseHandler.builder()
                .onError(error::set)
                .onEventStream(publisher -> publisher.subscribe(new EventSubscriber()))
                .build();
        call = kinesis.subscribeToShard(b -> b.consumerARN(consumerArn).shardId(shardId)
                .startingPosition(p -> p.type(ShardIteratorType.TRIM_HORIZON)), handler);
        call.whenComplete((ignored, failure) -> {
            if (failure != null) {
                error.compareAndSet(null, failure);
            }
        });
    }

    static ShardSubscription fromTrimHorizon(KinesisAsyncClient kinesis, String consumerArn, String shardId) {
        return new ShardSubscription(kinesis, consumerArn, shardId);
    }

    List<Record> records() {
        return List.copyOf(records);
    }

    /** Events received so far (with or without records). */
    int events() {
        return events.get();
    }

    /** Time since the call was made. */
    Duration age() {
        return Duration.ofNanos(System.nanoTime() - openedNanos);
    }

    boolean failed() {
        return error.get() != null;
    }

    Throwable error() {
        return error.get();
    }

    String continuationSequenceNumber() {
        return continuation.get();
    }

    @Override
    public void close() {
        Subscription current = subscription.get();
        if (current != null) {
            current.cancel();
        }
        call.cancel(true);
    }

    private final class EventSubscriber implements Subscriber<SubscribeToShardEventStream> {
        @Override
        public void onSubscribe(Subscription s) {
            subscription.set(s);
            s.request(1);
        }

        @Override
        public void onNext(SubscribeToShardEventStream event) {
            if (event instanceof SubscribeToShardEvent shardEvent) {
                records.addAll(shardEvent.records());
                events.incrementAndGet();
                continuation.set(shardEvent.continuationSequenceNumber());
            }
            subscription.get().request(1);
        }

        @Override
        public void onError(Throwable t) {
            error.compareAndSet(null, t);
        }

        @Override
        public void onComplete() {
            // the subscription ended (five minutes, or cancelled)
        }
    }
}
