package io.shardline.testing.reshard;

import static io.shardline.testing.reshard.ReshardIt.KEYS;
import static io.shardline.testing.reshard.ReshardIt.waiting;
import static org.assertj.core.api.Assertions.assertThat;

import io.shardline.testing.LocalAws;
import io.shardline.testing.TestNames;
import io.shardline.testing.WithLocalAws;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** UpdateShardCount 4 -> 8 -> 4 (every shard split, then every pair merged) under load, two generations deep. */
@WithLocalAws
class UpdateShardCountIT {

    private static final int TOTAL = 1200;

    private final LocalAws aws;

    UpdateShardCountIT(LocalAws aws) {
        this.aws = aws;
    }

    @Test
    void scalingFourToEightToFourKeepsEveryKeyInOrderWithoutDuplicates(TestNames names) throws Exception {
        try (ReshardIt it = new ReshardIt(aws, names.application(), names.stream())) {
            aws.streams().create(it.stream, 4);
            it.startWorkers("a", "b", "c");
            AtomicInteger put = new AtomicInteger();
            ReshardIt.Gate gate = new ReshardIt.Gate(TOTAL / 4 + 200); // it keeps writing during each reshard
            CompletableFuture<Void> producer = it.produce(0, TOTAL, 100, put, gate);

            waiting("a quarter written").until(() -> put.get() >= TOTAL / 4);
            aws.streams().updateShardCount(it.stream, 8);
            assertThat(it.openShards()).hasSize(8);
            gate.raise(2 * TOTAL / 3 + 200);
            waiting("two thirds written").until(() -> put.get() >= 2 * TOTAL / 3);
            aws.streams().updateShardCount(it.stream, 4);
            assertThat(it.openShards()).hasSize(4);
            gate.raise(TOTAL);
            producer.get(ReshardIt.TIMEOUT.toSeconds(), TimeUnit.SECONDS);

            waiting(TOTAL + " records handled").until(() -> it.ledger.distinct() == TOTAL);
            assertThat(it.ledger.duplicates()).as("records handled twice on a clean run").isEmpty();
            it.ledger.assertEveryRecordInPutOrderPerKey(TOTAL, KEYS);
            assertThat(it.ledger.deliveries()).extracting(KeyedLedger.Delivery::shardId)
                    .as("the four final shards were read").containsAll(it.openShards());
        }
    }
}
