package io.shardline.testing.reshard;

import static io.shardline.testing.reshard.ReshardIt.KEYS;
import static io.shardline.testing.reshard.ReshardIt.waiting;
import static org.assertj.core.api.Assertions.assertThat;

import io.shardline.kcl.StartingPosition;
import io.shardline.testing.LocalAws;
import io.shardline.testing.TestNames;
import io.shardline.testing.WithLocalAws;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesis.model.Shard;

/**
 * A stream split and merged before the application first ran: at TRIM_HORIZON the whole lineage is read from the
 * roots, parents before children; at LATEST only the open shards get leases. Finished leases are then cleaned up.
 */
@WithLocalAws
class ReshardedBeforeStartIT {

    private static final int TOTAL = 600;

    private final LocalAws aws;

    ReshardedBeforeStartIT(LocalAws aws) {
        this.aws = aws;
    }

    @Test
    void atTrimHorizonTheWholeLineageIsReadInOrderAndThenCleanedUp(TestNames names) {
        try (ReshardIt it = new ReshardIt(aws, names.application(), names.stream())) {
            reshardTwice(it);

            it.startWorkers("a", "b");

            waiting(TOTAL + " records handled").until(() -> it.ledger.distinct() == TOTAL);
            assertThat(it.ledger.duplicates()).isEmpty();
            it.ledger.assertEveryRecordInPutOrderPerKey(TOTAL, KEYS);
            waiting("the finished leases deleted, generation by generation")
                    .until(() -> it.leaseKeys().equals(it.openShards()));
        }
    }

    @Test
    void atLatestOnlyTheOpenShardsGetLeases(TestNames names) {
        try (ReshardIt it = new ReshardIt(aws, names.application(), names.stream())) {
            reshardTwice(it);

            it.start(it.config("a", StartingPosition.latest(), ReshardIt.POLLING));

            assertThat(it.leaseKeys()).as("leases created by the start's shard sync").isEqualTo(it.openShards());
        }
    }

    /** 2 shards; 200 records; split shard 0; 200 records; merge its upper child with shard 1; 200 records. */
    private void reshardTwice(ReshardIt it) {
        List<Shard> roots = aws.streams().create(it.stream, 2);
        it.put(0, 200);
        List<Shard> children = aws.streams().split(it.stream, roots.get(0).shardId());
        it.put(200, 400);
        aws.streams().merge(it.stream, children.get(1).shardId(), roots.get(1).shardId());
        it.put(400, TOTAL);
    }
}
