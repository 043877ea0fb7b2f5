package io.shardline.kcl.internal.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardline.kcl.StartingPosition;
import io.shardline.kcl.internal.aws.ShardDescription;
import io.shardline.kcl.internal.aws.StreamRef;
import io.shardline.kcl.internal.testkit.FakeKinesisProxy;
import io.shardline.kcl.retrieval.FatalRetrievalException;
import io.shardline.lease.Checkpoint;
import io.shardline.lease.Lease;
import io.shardline.lease.testing.InMemoryLeaseStore;
import io.shardline.lease.testing.StoreOperation;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Shard discovery and cleanup over the fake Kinesis (with lineage and ShardFilter) and the in-memory lease table.
 * Shards: {@code s0} split into {@code s1}/{@code s2}, then {@code s2} split into {@code s3}/{@code s4}.
 */
class ShardSyncerTest {

    private static final Checkpoint TRIM_HORIZON = Checkpoint.of("TRIM_HORIZON");
    private static final Checkpoint SHARD_END = Checkpoint.of("SHARD_END");

    private final InMemoryLeaseStore leases = InMemoryLeaseStore.create();
    private final FakeKinesisProxy kinesis = new FakeKinesisProxy();

    @Test
    void atTrimHorizonAStreamReshardedTwiceGetsItsWholeLineageParentsFirst() {
        reshardTwice();

        ShardSyncer.Result result = syncer(StartingPosition.trimHorizon()).sync();

        assertThat(result.created()).isEqualTo(5);
        assertThat(leases.list()).extracting(Lease::leaseKey).containsExactlyInAnyOrder("s0", "s1", "s2", "s3", "s4");
        assertThat(lease("s0").checkpoint()).as("a root starts at the initial position").isNull();
        assertThat(lease("s3").parentLeaseKeys()).containsExactly("s2");
        assertThat(lease("s3").checkpoint()).as("a descendant starts at its first record").isEqualTo(TRIM_HORIZON);
        assertThat(lease("s3").hashKeyRange()).isEqualTo(kinesis.shard("s3").range());
        assertThat(lease("s4").owner()).isNull();
    }

    @Test
    void parentsComeBeforeChildrenWhateverTheListingOrder() {
        kinesis.shard("z-root");
        kinesis.split("z-root", "a-low", "b-high");

        assertThat(new ShardGraph(listAll()).parentsFirst()).extracting(ShardDescription::shardId)
                .containsExactly("z-root", "a-low", "b-high");
    }

    @Test
    void atLatestOnlyTheOpenShardsGetLeases() {
        reshardTwice();

        syncer(StartingPosition.latest()).sync();

        assertThat(leases.list()).extracting(Lease::leaseKey).containsExactlyInAnyOrder("s1", "s3", "s4");
        assertThat(lease("s3").checkpoint()).isNull();
    }

    @Test
    void atTimestampTheShardsClosedBeforeItAreSkippedAndTheirChildrenStartThere() {
        kinesis.shard("s0");
        kinesis.time(Instant.parse("2030-01-01T00:00:10Z"));
        kinesis.split("s0", "s1", "s2");
        kinesis.time(Instant.parse("2030-01-01T00:00:30Z"));
        kinesis.split("s2", "s3", "s4");

        syncer(StartingPosition.atTimestamp(Instant.parse("2030-01-01T00:00:20Z"))).sync();

        assertThat(leases.list()).extracting(Lease::leaseKey).containsExactlyInAnyOrder("s1", "s2", "s3", "s4");
        assertThat(lease("s2").checkpoint()).as("open at the timestamp: read from it").isNull();
        assertThat(lease("s3").checkpoint()).as("created after the timestamp").isEqualTo(TRIM_HORIZON);
    }

    @Test
    void aChildFoundLaterStartsAtTrimHorizonSoTheRecordsSinceTheReshardAreNotSkipped() {
        kinesis.shard("s0");
        ShardSyncer syncer = syncer(StartingPosition.latest());
        syncer.sync();
        kinesis.split("s0", "s1", "s2");

        assertThat(syncer.sync().created()).isEqualTo(2);

        assertThat(lease("s1").checkpoint()).isEqualTo(TRIM_HORIZON);
        assertThat(lease("s2").checkpoint()).isEqualTo(TRIM_HORIZON);
    }

    @Test
    void isIdempotentAndWritesNothingWhenEveryLeaseExists() {
        reshardTwice();
        ShardSyncer syncer = syncer(StartingPosition.trimHorizon());
        syncer.sync();
        leases.resetOperationCounts();

        assertThat(syncer.sync().created()).isZero();
        assertThat(leases.operationCounts().calls(StoreOperation.CREATE_IF_ABSENT)).isZero();
    }

    @Test
    void workersSyncingAtOnceCreateEachLeaseOnce() {
        reshardTwice();
        ShardSyncer a = syncer(StartingPosition.trimHorizon());
        ShardSyncer b = new ShardSyncer(kinesis, StreamRef.of("s"), leases, StartingPosition.trimHorizon(), "w2");

        int created = List.of(a, b).parallelStream().mapToInt(s -> s.sync().created()).sum();

        assertThat(created).isEqualTo(5);
        assertThat(leases.list()).hasSize(5);
    }

    @Test
    void aConsumedParentWhoseLeaseWasDeletedIsNeverCreatedAgain() {
        reshardTwice();
        ShardSyncer syncer = syncer(StartingPosition.trimHorizon());
        syncer.sync();
        leases.remove("s0");
        leases.remove("s2");

        assertThat(syncer.sync().created()).isZero();
        assertThat(leases.get("s0")).isEmpty();
        assertThat(leases.get("s2")).isEmpty();
    }

    @Test
    void aFinishedParentIsDeletedOnceEveryChildCheckpointedPastItsStart() {
        reshardTwice();
        ShardSyncer syncer = syncer(StartingPosition.trimHorizon());
        syncer.sync();
        checkpoint("s0", SHARD_END);
        checkpoint("s1", Checkpoint.of("49600000000000000000000000000000000000000001"));

        assertThat(syncer.cleanUp(syncer.sync())).as("s2 has not started yet").isZero();

        checkpoint("s2", SHARD_END);
        assertThat(syncer.cleanUp(syncer.sync())).as("s0 goes; s2 still has a parent lease").isEqualTo(1);
        assertThat(leases.get("s0")).isEmpty();
        assertThat(leases.get("s2")).isPresent();

        checkpoint("s3", Checkpoint.of("49600000000000000000000000000000000000000002"));
        checkpoint("s4", Checkpoint.of("49600000000000000000000000000000000000000003"));
        assertThat(syncer.cleanUp(syncer.sync())).isEqualTo(1);
        assertThat(leases.list()).extracting(Lease::leaseKey).containsExactlyInAnyOrder("s1", "s3", "s4");
    }

    @Test
    void leasesOfShardsGoneFromRetentionAreDeletedOnlyWhenFinished() {
        ShardSyncer syncer = syncer(StartingPosition.trimHorizon());
        leases.createIfAbsent(Lease.unowned("expired-done").withCheckpoint(SHARD_END));
        leases.createIfAbsent(Lease.unowned("expired-unfinished").withCheckpoint(Checkpoint.of("4960000001")));
        kinesis.shard("s0");

        assertThat(syncer.cleanUp(syncer.sync())).isEqualTo(1);

        assertThat(leases.list()).extracting(Lease::leaseKey).containsExactlyInAnyOrder("s0", "expired-unfinished");
    }

    @Test
    void aDeleteIsFencedOnTheTokenReadInTheScan() {
        ShardSyncer syncer = syncer(StartingPosition.trimHorizon());
        leases.createIfAbsent(Lease.unowned("expired").withCheckpoint(SHARD_END));
        kinesis.shard("s0");
        ShardSyncer.Result scanned = syncer.sync();
        leases.put(lease("expired").withOwner("w9").withCounter(7)); // changed after the scan

        assertThat(syncer.cleanUp(scanned)).isZero();
        assertThat(leases.get("expired")).isPresent();
    }

    @Test
    void aMissingStreamIsAFatalError() {
        kinesis.failNext(FakeKinesisProxy.Operation.LIST_SHARDS, 1, () -> new FatalRetrievalException("ListShards",
                "s", null, "ResourceNotFoundException", "no stream", null));

        assertThatThrownBy(() -> syncer(StartingPosition.trimHorizon()).sync())
                .isInstanceOf(FatalRetrievalException.class).hasMessageContaining("ResourceNotFoundException");
    }

    private void reshardTwice() {
        kinesis.shard("s0");
        kinesis.split("s0", "s1", "s2");
        kinesis.split("s2", "s3", "s4");
    }

    private List<ShardDescription> listAll() {
        return kinesis.listShards(StreamRef.of("s"), null).join();
    }

    private ShardSyncer syncer(StartingPosition initial) {
        return new ShardSyncer(kinesis, StreamRef.of("s"), leases, initial, "w1");
    }

    private Lease lease(String key) {
        return leases.get(key).orElseThrow();
    }

    private void checkpoint(String key, Checkpoint checkpoint) {
        leases.put(lease(key).withCheckpoint(checkpoint));
    }
}
