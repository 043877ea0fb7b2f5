package io.shardline.kcl.internal.multistream;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardline.kcl.StreamIdentifier;
import io.shardline.lease.Lease;
import io.shardline.lease.LeaseStore;
import io.shardline.lease.WriteResult;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import org.junit.jupiter.api.Test;

class LeaseKeysTest {

    private static final StreamIdentifier S = StreamIdentifier.parse("123456789012:orders:1610000000");
    private static final StreamIdentifier T = StreamIdentifier.parse("123456789012:clicks:1610000000");

    private final LeaseStore.InMemory rows = LeaseStore.inMemory();
    private final RowFormLeaseStore keys = new RowFormLeaseStore(rows);

    @Test
    void rowsKeepKclsFormLineageAsShardIdsWhileTheKeySpaceSeesFullKeys() {
        Lease child = Lease.unowned(S.leaseKey("shardId-000000000002"))
                .withLineage(Set.of(S.leaseKey("shardId-000000000000"), S.leaseKey("shardId-000000000001")),
                        Set.of(), null);

        assertThat(keys.createIfAbsent(child)).isTrue();

        Lease row = rows.get(S.leaseKey("shardId-000000000002")).orElseThrow();
        assertThat(row.parentLeaseKeys()).containsExactlyInAnyOrder("shardId-000000000000", "shardId-000000000001");
        assertThat(keys.get(S.leaseKey("shardId-000000000002")).orElseThrow().parentLeaseKeys())
                .containsExactlyInAnyOrder(S.leaseKey("shardId-000000000000"), S.leaseKey("shardId-000000000001"));
    }

    @Test
    void updateChildrenWritesShardIdsAndReadsKeys() {
        keys.createIfAbsent(Lease.unowned(S.leaseKey("shardId-000000000000")));

        WriteResult result = keys.updateChildren(S.leaseKey("shardId-000000000000"),
                List.of(S.leaseKey("shardId-000000000001")));

        assertThat(((WriteResult.Ok) result).lease().childLeaseKeys()).containsExactly(S.leaseKey("shardId-000000000001"));
        assertThat(rows.get(S.leaseKey("shardId-000000000000")).orElseThrow().childLeaseKeys())
                .containsExactly("shardId-000000000001");
    }

    @Test
    void aSingleStreamLeasePassesThroughUnchanged() {
        Lease plain = Lease.unowned("shardId-000000000001").withLineage(Set.of("shardId-000000000000"), Set.of(),
                null);
        keys.createIfAbsent(plain);

        assertThat(keys.get("shardId-000000000001")).contains(rows.get("shardId-000000000001").orElseThrow());
        assertThat(LeaseKeys.fromRow(plain)).isEqualTo(plain);
        assertThat(LeaseKeys.toRow(plain)).isEqualTo(plain);
    }

    @Test
    void aStreamViewSeesOnlyItsStreamInShardIds() {
        keys.createIfAbsent(Lease.unowned(S.leaseKey("shardId-000000000000")));
        keys.createIfAbsent(Lease.unowned(T.leaseKey("shardId-000000000000")));
        StreamLeaseView view = new StreamLeaseView(S, keys);

        assertThat(view.list()).extracting(Lease::leaseKey).containsExactly("shardId-000000000000");
        assertThat(view.createIfAbsent(Lease.unowned("shardId-000000000001")
                .withLineage(Set.of("shardId-000000000000"), Set.of(), null))).isTrue();
        assertThat(keys.get(S.leaseKey("shardId-000000000001")).orElseThrow().parentLeaseKeys())
                .containsExactly(S.leaseKey("shardId-000000000000"));
        Lease read = view.get("shardId-000000000001").orElseThrow();
        assertThat(read.parentLeaseKeys()).containsExactly("shardId-000000000000");
        assertThat(view.delete(read.token())).isInstanceOf(WriteResult.Ok.class);
        assertThat(keys.get(S.leaseKey("shardId-000000000001"))).isEmpty();
        assertThat(keys.get(T.leaseKey("shardId-000000000000"))).isPresent();
    }

    /** A child lease as a multi-stream KCL application writes it (DynamoDBMultiStreamLeaseSerializer). */
    @Test
    void aKclMultiStreamRowIsReadWithItsLineageInTheStream() {
        rows.putItem(Map.of(
                "leaseKey", AttributeValue.fromS(S.leaseKey("shardId-000000000002")),
                "leaseOwner", AttributeValue.fromS("kcl-worker-1"),
                "leaseCounter", AttributeValue.fromN("17"),
                "checkpoint", AttributeValue.fromS("TRIM_HORIZON"),
                "checkpointSubSequenceNumber", AttributeValue.fromN("0"),
                "ownerSwitchesSinceCheckpoint", AttributeValue.fromN("0"),
                "parentShardId", AttributeValue.fromSs(List.of("shardId-000000000000")),
                "streamName", AttributeValue.fromS(S.serialize()),
                "shardId", AttributeValue.fromS("shardId-000000000002")));

        Lease read = keys.get(S.leaseKey("shardId-000000000002")).orElseThrow();

        assertThat(read.owner()).isEqualTo("kcl-worker-1");
        assertThat(read.parentLeaseKeys()).containsExactly(S.leaseKey("shardId-000000000000"));
        assertThat(new StreamLeaseView(S, keys).list()).extracting(Lease::leaseKey)
                .containsExactly("shardId-000000000002");
        assertThat(new StreamLeaseView(T, keys).list()).isEmpty();
    }
}
