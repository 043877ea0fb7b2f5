package io.shardline.testing.reshard;

import static io.shardline.testing.reshard.ReshardIt.KEYS;
import static io.shardline.testing.reshard.ReshardIt.waiting;
import static org.assertj.core.api.Assertions.assertThat;

import io.shardline.kcl.StartingPosition;
import io.shardline.testing.LocalAws;
import io.shardline.testing.TestNames;
import io.shardline.testing.WithLocalAws;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesis.model.Shard;

/**
 * A stream split and merged before the application first ran: at TRIM_HORIZON the whole lineage is read from the
 * roots, parents before children; at LATEST only the open shards get leases; at AT_TIMESTAMP the shards open at the
 * timestamp and their descendants, and only the records written after it. Finished leases are then cleaned up.
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

    @Test
    void atTimestampTheShardsClosedBeforeItGetNoLeaseAndOnlyLaterRecordsAreRead(TestNames names) {
        try (ReshardIt it = new ReshardIt(aws, names.application(), names.stream())) {
            List<Shard> roots = aws.streams().create(it.stream, 2);
            it.put(0, 200);
            List<Shard> children = aws.streams().split(it.stream, roots.get(0).shardId());
            Instant timestamp = secondsLater(Instant.now(), 1); // kinesis-mock's ShardFilter compares whole seconds
            it.put(200, 400);
            aws.streams().merge(it.stream, children.get(1).shardId(), roots.get(1).shardId());
            it.put(400, TOTAL);

            it.start(it.config("a", StartingPosition.atTimestamp(timestamp), ReshardIt.POLLING));

            waiting("the records after the timestamp").until(() -> it.ledger.distinct() >= TOTAL - 200);
            assertThat(it.leaseKeys()).as("no lease for the shard closed before the timestamp")
                    .doesNotContain(roots.get(0).shardId()).contains(children.get(0).shardId(),
                            children.get(1).shardId(), roots.get(1).shardId());
            it.ledger.assertExactlyInPutOrderPerKey(200, TOTAL, KEYS);
        }
    }

    /** Waits until the wall clock is {@code seconds} whole seconds past {@code from}'s second; returns that second. */
    private static Instant secondsLater(Instant from, int seconds) {
        Instant target = from.truncatedTo(ChronoUnit.SECONDS).plusSeconds(seconds + 1L);
        waiting("the clock at " + target).until(() -> !Instant.now().isBefore(target.plusMillis(100)));
        return target;
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
