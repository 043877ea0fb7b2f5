package io.shardline.kcl.internal.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardline.kcl.StartingPosition;
import io.shardline.kcl.internal.aws.IteratorPosition;
import io.shardline.kcl.internal.aws.KinesisProxy;
import io.shardline.kcl.internal.aws.RecordsResult;
import io.shardline.kcl.internal.aws.ShardDescription;
import io.shardline.kcl.internal.aws.ShardListFilter;
import io.shardline.kcl.internal.aws.ShardSubscriber;
import io.shardline.kcl.internal.aws.StreamConsumer;
import io.shardline.kcl.internal.aws.StreamRef;
import io.shardline.kcl.internal.aws.StreamSummary;
import io.shardline.kcl.retrieval.FatalRetrievalException;
import io.shardline.lease.Checkpoint;
import io.shardline.lease.HashKeyRange;
import io.shardline.lease.Lease;
import io.shardline.lease.LeaseStore;
import io.shardline.lease.StoreOperation;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class ShardSyncerTest {

    private static final HashKeyRange LOW = HashKeyRange.of("0", "99");
    private static final HashKeyRange HIGH = HashKeyRange.of("100", "199");
    private static final HashKeyRange ALL = HashKeyRange.of("0", "199");

    private final LeaseStore.InMemory leases = LeaseStore.inMemory();
    private final ListedShards kinesis = new ListedShards();

    @Test
    void createsALeasePerShardWithItsLineageParentsFirst() {
        kinesis.shards.add(new ShardDescription("shardId-2", "shardId-0", "shardId-1", ALL, "30", null));
        kinesis.shards.add(new ShardDescription("shardId-1", null, null, HIGH, "10", "20"));
        kinesis.shards.add(new ShardDescription("shardId-0", null, null, LOW, "11", "21"));

        int created = syncer(StartingPosition.trimHorizon()).sync();

        assertThat(created).isEqualTo(3);
        Lease child = leases.get("shardId-2").orElseThrow();
        assertThat(child.parentLeaseKeys()).containsExactlyInAnyOrder("shardId-0", "shardId-1");
        assertThat(child.hashKeyRange()).isEqualTo(ALL);
        assertThat(child.checkpoint()).isNull(); // created together with its parents: the initial position applies
        assertThat(child.owner()).isNull();
        assertThat(leases.get("shardId-0").orElseThrow().hashKeyRange()).isEqualTo(LOW);
    }

    @Test
    void orderCreatesParentsBeforeChildren() {
        List<ShardDescription> shards = List.of(
                new ShardDescription("a-child", "z-parent", null, ALL, "3", null),
                new ShardDescription("z-parent", null, null, ALL, "1", "2"));

        assertThat(ShardSyncer.parentsFirst(shards)).extracting(ShardDescription::shardId)
                .containsExactly("z-parent", "a-child");
    }

    @Test
    void atLatestCreatesLeasesForOpenShardsOnly() {
        kinesis.shards.add(new ShardDescription("shardId-0", null, null, ALL, "1", "9"));
        kinesis.shards.add(new ShardDescription("shardId-1", "shardId-0", null, ALL, "10", null));

        syncer(StartingPosition.latest()).sync();

        assertThat(leases.list()).extracting(Lease::leaseKey).containsExactly("shardId-1");
        assertThat(leases.get("shardId-1").orElseThrow().checkpoint()).isNull();
    }

    @Test
    void aChildFoundLaterStartsAtTrimHorizonSoTheRecordsSinceTheReshardAreNotSkipped() {
        kinesis.shards.add(new ShardDescription("shardId-0", null, null, ALL, "1", null));
        ShardSyncer syncer = syncer(StartingPosition.latest());
        syncer.sync();
        kinesis.shards.set(0, new ShardDescription("shardId-0", null, null, ALL, "1", "9"));
        kinesis.shards.add(new ShardDescription("shardId-1", "shardId-0", null, LOW, "10", null));
        kinesis.shards.add(new ShardDescription("shardId-2", "shardId-0", null, HIGH, "11", null));

        assertThat(syncer.sync()).isEqualTo(2);

        assertThat(leases.get("shardId-1").orElseThrow().checkpoint()).isEqualTo(Checkpoint.of("TRIM_HORIZON"));
        assertThat(leases.get("shardId-2").orElseThrow().checkpoint()).isEqualTo(Checkpoint.of("TRIM_HORIZON"));
    }

    @Test
    void isIdempotentAndWritesNothingWhenEveryLeaseExists() {
        kinesis.shards.add(new ShardDescription("shardId-0", null, null, ALL, "1", null));
        ShardSyncer syncer = syncer(StartingPosition.trimHorizon());
        syncer.sync();
        leases.resetOperationCounts();

        assertThat(syncer.sync()).isZero();
        assertThat(leases.operationCounts().calls(StoreOperation.CREATE_IF_ABSENT)).isZero();
    }

    @Test
    void aMissingStreamIsAFatalError() {
        kinesis.failure = new FatalRetrievalException("ListShards", "s", null, "ResourceNotFoundException",
                "no stream", null);

        assertThatThrownBy(() -> syncer(StartingPosition.trimHorizon()).sync())
                .isInstanceOf(FatalRetrievalException.class).hasMessageContaining("ResourceNotFoundException");
    }

    private ShardSyncer syncer(StartingPosition initial) {
        return new ShardSyncer(kinesis, StreamRef.of("s"), leases, initial, "w1");
    }

    /** Answers ListShards with a list the test edits; nothing else is called. */
    private static final class ListedShards implements KinesisProxy {
        final List<ShardDescription> shards = new ArrayList<>();
        RuntimeException failure;

        @Override
        public CompletableFuture<List<ShardDescription>> listShards(StreamRef stream, ShardListFilter filter) {
            return failure != null ? CompletableFuture.failedFuture(failure)
                    : CompletableFuture.completedFuture(List.copyOf(shards));
        }

        @Override
        public CompletableFuture<StreamSummary> describeStreamSummary(StreamRef stream) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletableFuture<String> getShardIterator(StreamRef stream, String shardId,
                IteratorPosition position) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletableFuture<RecordsResult> getRecords(StreamRef stream, String shardId, String shardIterator,
                int limit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletableFuture<StreamConsumer> registerStreamConsumer(String streamArn, String consumerName) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletableFuture<StreamConsumer> describeStreamConsumer(String streamArn, String consumerName) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void subscribeToShard(String consumerArn, String shardId, IteratorPosition position,
                ShardSubscriber subscriber) {
            throw new UnsupportedOperationException();
        }
    }
}
