package io.shardline.kcl.internal.aws;

import io.shardline.kcl.retrieval.RetrievalException;

/**
 * Receives one enhanced fan-out subscription, in reactive-streams order: {@link #onSubscribe} once, then events
 * only as many as requested, then at most one of {@link #onError} / {@link #onComplete}. Called on the SDK's
 * threads; implementations must not block.
 */
public interface ShardSubscriber {

    /** The subscription is open; request events through {@code subscription}. */
    void onSubscribe(Subscription subscription);

    /** One event, in response to a request. */
    void onEvent(ShardEvent event);

    /** The subscription failed (translated once). */
    void onError(RetrievalException error);

    /** Kinesis ended the subscription normally (it does so after 5 minutes). */
    void onComplete();

    /** Flow control of one subscription. Thread-safe. */
    interface Subscription {
        /** Asks for {@code n} more events. */
        void request(long n);

        /** Ends the subscription; no more signals are needed (some may still arrive and must be ignored). */
        void cancel();
    }
}
