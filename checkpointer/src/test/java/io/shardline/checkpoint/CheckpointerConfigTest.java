package io.shardline.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CheckpointerConfigTest {

    @Test
    void defaultsCapStateAt64KiBWithoutShardTag() {
        CheckpointerConfig config = CheckpointerConfig.defaults();

        assertThat(config.maxStateBytes()).isEqualTo(64 * 1024);
        assertThat(config.shardTagEnabled()).isFalse();
        assertThat(CheckpointerConfig.builder().build()).isEqualTo(config);
    }

    @Test
    void toBuilderCopiesEveryField() {
        CheckpointerConfig config = CheckpointerConfig.builder().maxStateBytes(1000).shardTagEnabled(true).build();

        assertThat(config.toBuilder().build()).isEqualTo(config);
        assertThat(config.toBuilder().maxStateBytes(10).build().shardTagEnabled()).isTrue();
    }

    @Test
    void rejectsStateCapAboveTheHardMaxNamingFieldAndValue() {
        assertThatThrownBy(() -> CheckpointerConfig.builder().maxStateBytes(CheckpointerConfig.HARD_MAX_STATE_BYTES + 1)
                .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxStateBytes")
                .hasMessageContaining(String.valueOf(CheckpointerConfig.HARD_MAX_STATE_BYTES + 1));
    }

    @Test
    void rejectsNegativeStateCapNamingFieldAndValue() {
        assertThatThrownBy(() -> CheckpointerConfig.builder().maxStateBytes(-1).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxStateBytes must be between 0 and 131072, was -1");
    }

    @Test
    void hardMaxLeavesRoomForCommittedAndPendingStateInOneDynamoDbItem() {
        assertThat(2 * CheckpointerConfig.HARD_MAX_STATE_BYTES).isLessThan(400 * 1000 - 64 * 1024);
    }
}
