package io.shardline.kcl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StreamIdentifierTest {

    /** The examples of KCL's StreamIdentifier / MultiStreamLease (serialized id and lease key). */
    @Test
    void parsesAndFormatsKclsSerializedIdentifierAndLeaseKey() {
        StreamIdentifier id = StreamIdentifier.parse("123456789012:orders:1610000000");

        assertThat(id).isEqualTo(new StreamIdentifier("123456789012", "orders", 1610000000L));
        assertThat(id.serialize()).isEqualTo("123456789012:orders:1610000000");
        assertThat(id.leaseKey("shardId-000000000007")).isEqualTo("123456789012:orders:1610000000:shardId-000000000007");
    }

    @Test
    void readsTheStreamAndShardOfAMultiStreamLeaseKey() {
        String key = "123456789012:orders:1610000000:shardId-000000000007";

        assertThat(StreamIdentifier.ofLeaseKey(key)).contains(StreamIdentifier.parse("123456789012:orders:1610000000"));
        assertThat(StreamIdentifier.shardIdOf(key)).isEqualTo("shardId-000000000007");
        assertThat(StreamIdentifier.parse("123456789012:orders:1610000000").owns(key)).isTrue();
        assertThat(StreamIdentifier.parse("123456789012:orders:1610000001").owns(key)).isFalse();
        assertThat(StreamIdentifier.parse("123456789012:order:1610000000").owns(key)).isFalse();
    }

    @Test
    void aSingleStreamKeyHasNoStreamAndIsItsOwnShardId() {
        assertThat(StreamIdentifier.ofLeaseKey("shardId-000000000000")).isEmpty();
        assertThat(StreamIdentifier.shardIdOf("shardId-000000000000")).isEqualTo("shardId-000000000000");
        // KCL 3.x's own rows are not multi-stream leases either
        assertThat(StreamIdentifier.ofLeaseKey("Migration3.0")).isEmpty();
        assertThat(StreamIdentifier.ofLeaseKey("abc:orders:1:shardId-0")).isEmpty();
        assertThat(StreamIdentifier.ofLeaseKey("1:orders:0:shardId-0")).isEmpty();
    }

    @Test
    void takesTheAccountAndNameFromAStreamArnAsKclDoes() {
        StreamIdentifier id = StreamIdentifier.fromArn("arn:aws:kinesis:us-east-1:000000000000:stream/clicks",
                1733500000L);

        assertThat(id.serialize()).isEqualTo("000000000000:clicks:1733500000");
        assertThatThrownBy(() -> StreamIdentifier.fromArn("arn:aws:sqs:us-east-1:000000000000:queue", 1))
                .hasMessageContaining("not a Kinesis stream ARN: arn:aws:sqs:us-east-1:000000000000:queue");
    }

    @Test
    void rejectsBadPartsNamingTheFieldAndValue() {
        assertThatThrownBy(() -> StreamIdentifier.parse("orders:1610000000"))
                .hasMessage("a stream identifier must be account:streamName:creationEpoch, was orders:1610000000");
        assertThatThrownBy(() -> new StreamIdentifier("12a", "orders", 1))
                .hasMessage("StreamIdentifier.accountId must be all digits, was 12a");
        assertThatThrownBy(() -> new StreamIdentifier("1", "a:b", 1))
                .hasMessage("StreamIdentifier.streamName must be a stream name without ':', was a:b");
        assertThatThrownBy(() -> new StreamIdentifier("1", "orders", 0))
                .hasMessage("StreamIdentifier.creationEpoch must be > 0, was 0");
        assertThatThrownBy(() -> StreamIdentifier.parse("1:orders:1").leaseKey("a:b"))
                .hasMessageContaining("was a:b");
    }
}
