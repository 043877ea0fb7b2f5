package io.shardline.checkpoint.internal;

import static io.shardline.checkpoint.ExtendedSequenceNumber.of;
import static io.shardline.checkpoint.ExtendedSequenceNumber.trimHorizon;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shardline.checkpoint.CheckpointException;
import io.shardline.checkpoint.CheckpointerConfig;
import io.shardline.checkpoint.Checkpointers;
import io.shardline.checkpoint.LeaseLostListener;
import io.shardline.checkpoint.ShardCheckpointer;
import io.shardline.checkpoint.support.Leases;
import io.shardline.lease.testing.InMemoryLeaseStore;
import io.shardline.lease.testing.StoreOperation;
import io.shardline.lease.Lease;
import io.shardline.lease.LeaseStoreException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CheckpointMetricsTest {

    private static final String SHARD = "shardId-000000000009";

    private final InMemoryLeaseStore store = InMemoryLeaseStore.create();
    private final MockClock clock = new MockClock();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry(SimpleConfig.DEFAULT, clock);

    private ShardCheckpointer acquire(String leaseKey, CheckpointerConfig config) {
        Lease lease = Leases.createOwnedBy(store, leaseKey, "w1");
        ShardCheckpointer checkpointer = Checkpointers.fenced(store, config, registry)
                .create(lease, trimHorizon(), LeaseLostListener.none());
        checkpointer.recordDelivered(of("500"));
        return checkpointer;
    }

    @Test
    void latencyTimerMeasuresEachWriteToTheLeaseTable() {
        ShardCheckpointer checkpointer = acquire(SHARD, CheckpointerConfig.defaults());
        // A standing fault that returns null lets every call through: used here to make each write take 25 ms.
        store.injectFault(StoreOperation.CHECKPOINT, leaseKey -> {
            clock.add(Duration.ofMillis(25));
            return null;
        });

        checkpointer.checkpoint(of("100"));
        checkpointer.checkpoint(of("200"));
        checkpointer.checkpoint(of("150"));

        Timer latency = registry.get(Checkpointers.LATENCY).timer();
        assertThat(latency.count()).as("the stale checkpoint is not a write").isEqualTo(2);
        assertThat(latency.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(50.0);
        assertThat(registry.get(Checkpointers.FENCED).counter().count()).isZero();
        assertThat(registry.get(Checkpointers.FAILURES).counter().count()).isZero();
    }

    @Test
    void fencedWritesAreCountedApartFromFailures() {
        ShardCheckpointer zombie = acquire(SHARD, CheckpointerConfig.defaults());
        Leases.transferTo(store, SHARD, "w2");

        zombie.checkpoint(of("100"));

        assertThat(registry.get(Checkpointers.FENCED).counter().count()).isEqualTo(1);
        assertThat(registry.get(Checkpointers.FAILURES).counter().count()).isZero();
        assertThat(registry.get(Checkpointers.LATENCY).timer().count()).isEqualTo(1);
    }

    @Test
    void storageFailuresAreCountedAndTimed() {
        ShardCheckpointer checkpointer = acquire(SHARD, CheckpointerConfig.defaults());
        store.injectFault(StoreOperation.CHECKPOINT, leaseKey -> new LeaseStoreException("down", store.tableName(), SHARD, false, null));

        assertThatThrownBy(() -> checkpointer.checkpoint(of("100"))).isInstanceOf(CheckpointException.class);

        assertThat(registry.get(Checkpointers.FAILURES).counter().count()).isEqualTo(1);
        assertThat(registry.get(Checkpointers.LATENCY).timer().count()).isEqualTo(1);
    }

    @Test
    void metersCarryNoShardTagByDefaultAndAreSharedAcrossLeases() {
        ShardCheckpointer first = acquire("shard-a", CheckpointerConfig.defaults());
        ShardCheckpointer second = acquire("shard-b", CheckpointerConfig.defaults());

        first.checkpoint(of("100"));
        second.checkpoint(of("100"));
        first.close();

        Timer latency = registry.get(Checkpointers.LATENCY).timer();
        assertThat(latency.getId().getTag(Checkpointers.SHARD_TAG)).isNull();
        assertThat(latency.count()).isEqualTo(2);
        assertThat(registry.find(Checkpointers.LATENCY).timers()).hasSize(1);
    }

    @Test
    void shardTagWhenEnabledAndCloseRemovesThatShardsMeters() {
        CheckpointerConfig perShard = CheckpointerConfig.builder().shardTagEnabled(true).build();
        ShardCheckpointer first = acquire("shard-a", perShard);
        ShardCheckpointer second = acquire("shard-b", perShard);
        first.checkpoint(of("100"));
        second.checkpoint(of("100"));

        assertThat(registry.get(Checkpointers.LATENCY).tag(Checkpointers.SHARD_TAG, "shard-a").timer().count())
                .isEqualTo(1);

        first.close();

        assertThat(registry.find(Checkpointers.LATENCY).tag(Checkpointers.SHARD_TAG, "shard-a").timer()).isNull();
        assertThat(registry.find(Checkpointers.FENCED).tag(Checkpointers.SHARD_TAG, "shard-a").counter()).isNull();
        assertThat(registry.find(Checkpointers.LATENCY).tag(Checkpointers.SHARD_TAG, "shard-b").timer()).isNotNull();
    }
}
