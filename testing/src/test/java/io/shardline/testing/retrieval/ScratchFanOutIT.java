package io.shardline.testing.retrieval;

import io.shardline.testing.LocalAws;
import io.shardline.testing.TestNames;
import io.shardline.testing.TestRecord;
import io.shardline.testing.WithLocalAws;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardEvent;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardEventStream;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardResponseHandler;

@WithLocalAws
class ScratchFanOutIT {
    static long t0 = System.nanoTime();
    static void log(String s) { System.out.printf("SCRATCH %6d ms %s%n", (System.nanoTime() - t0) / 1_000_000, s); }

    CompletableFuture<Void> subscribe(LocalAws aws, String arn, String shard, AtomicReference<Subscription> sub, String tag) {
        SubscribeToShardResponseHandler h = SubscribeToShardResponseHandler.builder()
            .onError(e -> log(tag + " handler onError " + e))
            .subscriber(() -> new Subscriber<SubscribeToShardEventStream>() {
                public void onSubscribe(Subscription s) { sub.set(s); log(tag + " onSubscribe"); s.request(100); }
                public void onNext(SubscribeToShardEventStream e) {
                    if (e instanceof SubscribeToShardEvent ev) log(tag + " event records=" + ev.records().size() + " cont=" + ev.continuationSequenceNumber() + " children=" + ev.childShards() + " mbl=" + ev.millisBehindLatest());
                    else log(tag + " other " + e);
                }
                public void onError(Throwable t) { log(tag + " onError " + t); }
                public void onComplete() { log(tag + " onComplete"); }
            }).build();
        CompletableFuture<Void> f = aws.kinesisAsync().subscribeToShard(b -> b.consumerARN(arn).shardId(shard)
            .startingPosition(p -> p.type(ShardIteratorType.TRIM_HORIZON)), h);
        f.whenComplete((v, e) -> log(tag + " future done " + e));
        return f;
    }

    @Test
    void observe(LocalAws aws, TestNames names) throws Exception {
        String stream = names.stream();
        String shard = aws.streams().create(stream, 1).get(0).shardId();
        String arn = aws.streams().registerConsumer(stream, "c1");
        AtomicReference<Subscription> s1 = new AtomicReference<>();
        CompletableFuture<Void> f1 = subscribe(aws, arn, shard, s1, "S1");
        for (int i = 0; i < 8; i++) {
            Thread.sleep(1000);
            if (i == 1) { aws.streams().putRecords(stream, List.of(TestRecord.of("k", "a"), TestRecord.of("k", "b"))); log("put 2"); }
        }
        log("cancel S1 (subscription + future)");
        s1.get().cancel();
        f1.cancel(false);
        for (int i = 0; i < 12; i++) {
            AtomicReference<Subscription> s2 = new AtomicReference<>();
            CompletableFuture<Void> f2 = subscribe(aws, arn, shard, s2, "S2#" + i);
            Thread.sleep(1000);
            if (s2.get() != null) { log("S2 got subscription"); break; }
        }
        Thread.sleep(2000);
        aws.streams().split(stream, shard);
        log("split done");
        Thread.sleep(8000);
    }
}
