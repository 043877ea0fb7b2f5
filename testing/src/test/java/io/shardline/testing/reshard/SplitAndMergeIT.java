package io.shardline.testing.reshard;

import static io.shardline.testing.reshard.ReshardIt.KEYS;
import static io.shardline.testing.reshard.ReshardIt.waiting;
import static org.assertj.core.api.Assertions.assertThat;

import io.shardline.kcl.retrieval.RetrievalConfig;
import io.shardline.testing.LocalAws;
import io.shardline.testing.TestNames;
import io.shardline.testing.WithLocalAws;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesis.model.Shard;

/**
 * A split and then a merge while three schedulers consume and a producer writes 200 partition keys: every record
 * once, and for every key the records in the order they were put, across parent and children. Polling and
 * enhanced fan-out.
 */
@WithLocalAws
class SplitAndMergeIT {

    private final LocalAws aws;

    SplitAndMergeIT(LocalAws aws) {
        this.aws = aws;
    }

    @Test
    void splitAndMergeWhileThreeWorkersPollKeepEveryKeyInOrderWithoutDuplicates(TestNames names) throws Exception {
        splitAndMerge(names, ReshardIt.POLLING, 1500);
    }

    @Test
    void splitAndMergeOverFanOutKeepEveryKeyInOrderWithoutDuplicates(TestNames names) throws Exception {
        // kinesis-mock never ends a fan-out subscription at a shard's end: the fetchers probe a closed-looking idle
        // shard with GetRecords after shardEndProbeInterval (30 s by default).
        RetrievalConfig fanOut = RetrievalConfig.fanOut().consumerName(names.unique("efo"))
                .shardEndProbeInterval(Duration.ofMillis(500))
                .retryBackoffBase(Duration.ofMillis(100))
                .build();
        splitAndMerge(names, fanOut, 1000);
    }

    private void splitAndMerge(TestNames names, RetrievalConfig retrieval, int total) throws Exception {
        try (ReshardIt it = new ReshardIt(aws, names.application(), names.stream())) {
            List<Shard> shards = aws.streams().create(it.stream, 3);
            it.startWorkers(retrieval, "a", "b", "c");
            AtomicInteger put = new AtomicInteger();
            ReshardIt.Gate gate = new ReshardIt.Gate(total / 3 + 200); // it keeps writing during each reshard
            CompletableFuture<Void> producer = it.produce(0, total, 100, put, gate);

            waiting("a third written").until(() -> put.get() >= total / 3);
            List<Shard> children = aws.streams().split(it.stream, shards.get(0).shardId());
            gate.raise(2 * total / 3 + 200);
            waiting("two thirds written").until(() -> put.get() >= 2 * total / 3);
            Shard merged = aws.streams().merge(it.stream, children.get(1).shardId(), shards.get(1).shardId());
            gate.raise(total);
            producer.get(ReshardIt.TIMEOUT.toSeconds(), TimeUnit.SECONDS);

            waiting(total + " records handled").until(() -> it.ledger.distinct() == total);
            assertThat(it.ledger.duplicates()).as("records handled twice on a clean run").isEmpty();
            it.ledger.assertEveryRecordInPutOrderPerKey(total, KEYS);
            assertThat(it.ledger.deliveries()).extracting(KeyedLedger.Delivery::shardId)
                    .contains(children.get(0).shardId(), children.get(1).shardId(), merged.shardId());
        }
    }
}
