package io.shardline.lease.internal.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardline.lease.Checkpoint;
import io.shardline.lease.HashKeyRange;
import io.shardline.lease.Lease;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class LeaseItemMapperTest {

    @Test
    void everyFieldRoundTripsUnderKclAttributeNames() {
        Lease lease = new Lease("shardId-7", "w1", 4, new Checkpoint("495", 2), new Checkpoint("496", 3), 1,
                Set.of("shardId-1"), Set.of("shardId-8", "shardId-9"), HashKeyRange.of("10", "20"), "w2",
                new byte[] {1}, new byte[] {2});

        Map<String, AttributeValue> item = LeaseItemMapper.toItem(lease);

        assertThat(item).containsKeys("leaseKey", "leaseOwner", "leaseCounter", "checkpoint",
                "checkpointSubSequenceNumber", "pendingCheckpoint", "pendingCheckpointSubSequenceNumber",
                "pendingCheckpointState", "ownerSwitchesSinceCheckpoint", "parentShardId", "childShardIds",
                "startingHashKey", "endingHashKey", "pendingOwner", "checkpointState");
        assertThat(item.get("leaseCounter").n()).isEqualTo("4");
        assertThat(item.get("parentShardId").ss()).containsExactly("shardId-1");
        assertThat(LeaseItemMapper.fromItem(item)).isEqualTo(lease);
    }

    @Test
    void absentValuesAreLeftOutOfTheItem() {
        assertThat(LeaseItemMapper.toItem(Lease.unowned("shardId-0")))
                .containsOnlyKeys("leaseKey", "leaseCounter", "ownerSwitchesSinceCheckpoint");
    }

    @Test
    void kclRowWithExtraAndMissingAttributesReadsTolerantly() {
        Map<String, AttributeValue> kcl3Row = new HashMap<>();
        kcl3Row.put("leaseKey", s("shardId-000000000001"));
        kcl3Row.put("checkpoint", s("TRIM_HORIZON"));
        kcl3Row.put("checkpointSubSequenceNumber", n("0"));
        kcl3Row.put("ownerSwitchesSinceCheckpoint", n("0"));
        kcl3Row.put("throughputKBps", n("12.5"));
        kcl3Row.put("checkpointOwner", s("kcl-worker-1"));
        kcl3Row.put("leaseState", AttributeValue.builder().b(SdkBytes.fromUtf8String("x")).build());

        Lease lease = LeaseItemMapper.fromItem(kcl3Row);

        assertThat(lease.owner()).isNull();
        assertThat(lease.counter()).isZero();
        assertThat(lease.checkpoint()).isEqualTo(Checkpoint.of("TRIM_HORIZON"));
        assertThat(lease.pendingOwner()).isNull();
        assertThat(lease.parentLeaseKeys()).isEmpty();
        assertThat(lease.hashKeyRange()).isNull();
        assertThat(lease.state()).isNull();
    }

    @Test
    void emptyItemIsNoRow() {
        assertThat(LeaseItemMapper.fromItem(Map.of())).isNull();
        assertThat(LeaseItemMapper.fromItem(null)).isNull();
    }

    @Test
    void corruptKnownAttributeIsReportedWithTheRowAndTheAttribute() {
        Map<String, AttributeValue> row = Map.of("leaseKey", s("shardId-3"), "leaseCounter", n("-1"));

        assertThatThrownBy(() -> LeaseItemMapper.fromItem(row))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("shardId-3")
                .hasMessageContaining("counter");
    }

    private static AttributeValue s(String v) {
        return AttributeValue.builder().s(v).build();
    }

    private static AttributeValue n(String v) {
        return AttributeValue.builder().n(v).build();
    }

    @Test
    void aMultiStreamLeaseRowCarriesKclsStreamNameAndShardIdAttributes() {
        // KCL's MultiStreamLease: leaseKey account:stream:epoch:shardId, "streamName" the serialized stream id,
        // "shardId" the shard; KCL cannot read a multi-stream row without them
        Map<String, AttributeValue> item = LeaseItemMapper.toItem(
                Lease.unowned("123456789012:orders:1610000000:shardId-000000000003"));

        assertThat(item.get("streamName").s()).isEqualTo("123456789012:orders:1610000000");
        assertThat(item.get("shardId").s()).isEqualTo("shardId-000000000003");
        assertThat(LeaseItemMapper.fromItem(item).leaseKey())
                .isEqualTo("123456789012:orders:1610000000:shardId-000000000003");
        assertThat(LeaseItemMapper.toItem(Lease.unowned("shardId-000000000003")))
                .doesNotContainKeys("streamName", "shardId");
    }
}
