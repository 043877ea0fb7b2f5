package io.shardline.testing.reshard;

import static io.shardline.testing.reshard.ReshardIt.KEYS;
import static io.shardline.testing.reshard.ReshardIt.waiting;
import static org.assertj.core.api.Assertions.assertThat;

import io.shardline.kcl.Scheduler;
import io.shardline.testing.LocalAws;
import io.shardline.testing.TestNames;
import io.shardline.testing.WithLocalAws;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesis.model.Shard;

/**
 * The worker holding a shard is closed (crash-like: no handoff, no final checkpoint) while the shard is split and a
 * producer writes: just before the split (the parent is finished by the worker that takes it over), or just after
 * (the crashed worker has usually finished the parent and taken a child, which then fails over). Nothing is lost and
 * every key's first deliveries stay in put order (the records after the crashed worker's last checkpoint are
 * delivered twice, which is allowed).
 */
@WithLocalAws
class WorkerCrashDuringReshardIT {

    private static final int TOTAL = 1200;

    private final LocalAws aws;

    WorkerCrashDuringReshardIT(LocalAws aws) {
        this.aws = aws;
    }

    @Test
    void aWorkerClosedJustBeforeItsShardIsSplitLosesNothingAndKeepsEveryKeyInOrder(TestNames names)
            throws Exception {
        crashDuringSplit(names, true);
    }

    @Test
    void aWorkerClosedJustAfterItsShardIsSplitLosesNothingAndKeepsEveryKeyInOrder(TestNames names)
            throws Exception {
        crashDuringSplit(names, false);
    }

    private void crashDuringSplit(TestNames names, boolean closeBeforeSplit) throws Exception {
        try (ReshardIt it = new ReshardIt(aws, names.application(), names.stream())) {
            List<Shard> shards = aws.streams().create(it.stream, 3);
            List<Scheduler> workers = it.startWorkers("a", "b", "c");
            Map<String, Scheduler> byName = Map.of("a", workers.get(0), "b", workers.get(1), "c", workers.get(2));
            String parent = shards.get(0).shardId();
            waiting("every shard owned").until(() -> it.ownerOf(parent) != null
                    && workers.stream().mapToInt(w -> w.ownedLeaseKeys().size()).sum() == 3);
            AtomicInteger put = new AtomicInteger();
            ReshardIt.Gate gate = new ReshardIt.Gate(TOTAL / 3 + 200); // it keeps writing during the reshard
            CompletableFuture<Void> producer = it.produce(0, TOTAL, 100, put, gate);

            waiting("a third written").until(() -> put.get() >= TOTAL / 3);
            String victim = it.ownerOf(parent);
            if (closeBeforeSplit) {
                byName.get(victim).close();
            }
            aws.streams().split(it.stream, parent);
            if (!closeBeforeSplit) {
                byName.get(victim).close();
            }
            gate.raise(TOTAL);
            producer.get(ReshardIt.TIMEOUT.toSeconds(), TimeUnit.SECONDS);

            waiting(TOTAL + " records handled").until(() -> it.ledger.distinct() == TOTAL);
            it.ledger.assertEveryRecordInPutOrderPerKey(TOTAL, KEYS);
            waiting("the survivors own every open shard").until(() -> it.openShards().stream()
                    .allMatch(s -> it.ownerOf(s) != null && !it.ownerOf(s).equals(victim)));
            assertThat(it.leases().get(parent).map(l -> l.checkpoint().value()))
                    .as("the split parent was finished by a survivor (or already cleaned up after that)")
                    .satisfiesAnyOf(p -> assertThat(p).isEmpty(), p -> assertThat(p).hasValue("SHARD_END"));
        }
    }
}
