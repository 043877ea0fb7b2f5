package io.shardline.kcl.internal.aws;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardEvent;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardEventStream;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardResponseHandler;

/**
 * Adapts one SDK {@code SubscribeToShard} event stream to a {@link ShardSubscriber}: SDK events become
 * {@link ShardEvent}s, errors are translated once, and of the several ways the SDK reports the end (the subscriber's
 * {@code onError}/{@code onComplete}, the handler's {@code exceptionOccurred}, the call's future) exactly the first
 * reaches the subscriber. Cancelling also cancels the call's future, so the SDK resets the HTTP/2 stream and
 * Kinesis frees the (consumer, shard) subscription slot. Thread-safe.
 */
final class SubscriptionBridge implements Subscriber<SubscribeToShardEventStream> {

    private static final String OPERATION = "SubscribeToShard";

    private final ShardSubscriber subscriber;
    private final String consumerArn;
    private final String shardId;
    private final AtomicBoolean terminated = new AtomicBoolean();
    private final AtomicReference<Subscription> subscription = new AtomicReference<>();
    private final AtomicReference<CompletableFuture<Void>> call = new AtomicReference<>();

    SubscriptionBridge(ShardSubscriber subscriber, String consumerArn, String shardId) {
        this.subscriber = subscriber;
        this.consumerArn = consumerArn;
        this.shardId = shardId;
    }

    SubscribeToShardResponseHandler responseHandler() {
        return SubscribeToShardResponseHandler.builder()
                .onError(this::fail)
                .subscriber(() -> this)
                .build();
    }

    /** The SDK call's future: cancelling it aborts the HTTP/2 stream, which a cancelled subscription alone may not. */
    void callStarted(CompletableFuture<Void> sdkCall) {
        call.set(sdkCall);
        if (terminated.get()) {
            sdkCall.cancel(false);
        }
    }

    void callCompleted(Void ignored, Throwable error) {
        if (error != null) {
            fail(error);
        } else {
            complete();
        }
    }

    @Override
    public void onSubscribe(Subscription sdkSubscription) {
        subscription.set(sdkSubscription);
        subscriber.onSubscribe(new ShardSubscriber.Subscription() {
            @Override
            public void request(long n) {
                sdkSubscription.request(n);
            }

            @Override
            public void cancel() {
                terminated.set(true);
                sdkSubscription.cancel();
                CompletableFuture<Void> sdkCall = call.get();
                if (sdkCall != null) {
                    sdkCall.cancel(false);
                }
            }
        });
    }

    @Override
    public void onNext(SubscribeToShardEventStream event) {
        if (event instanceof SubscribeToShardEvent data) {
            SdkKinesisProxy.Converted converted = SdkKinesisProxy.convert(data.records());
            subscriber.onEvent(new ShardEvent(converted.records(), converted.plainOnly(),
                    data.continuationSequenceNumber(),
                    data.millisBehindLatest() == null ? -1 : data.millisBehindLatest(),
                    SdkKinesisProxy.toChildShards(data.childShards())));
        } else {
            // An event type this SDK version does not know: skip it, but keep the demand the subscriber asked for.
            Subscription current = subscription.get();
            if (current != null) {
                current.request(1);
            }
        }
    }

    @Override
    public void onError(Throwable error) {
        fail(error);
    }

    @Override
    public void onComplete() {
        complete();
    }

    private void fail(Throwable error) {
        if (terminated.compareAndSet(false, true)) {
            subscriber.onError(KinesisErrors.translate(error, OPERATION, consumerArn, shardId));
        }
    }

    private void complete() {
        if (terminated.compareAndSet(false, true)) {
            subscriber.onComplete();
        }
    }
}
