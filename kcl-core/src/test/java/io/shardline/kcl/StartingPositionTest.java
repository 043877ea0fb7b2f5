package io.shardline.kcl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardline.checkpoint.ExtendedSequenceNumber;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class StartingPositionTest {

    private static final ExtendedSequenceNumber SEQUENCE = ExtendedSequenceNumber.of("4960123", 2);

    @Test
    void namedFactoriesBuildTheirKind() {
        Instant timestamp = Instant.parse("2024-01-01T00:00:00Z");

        assertThat(StartingPosition.trimHorizon().kind()).isEqualTo(StartingPosition.Kind.TRIM_HORIZON);
        assertThat(StartingPosition.latest().kind()).isEqualTo(StartingPosition.Kind.LATEST);
        assertThat(StartingPosition.atTimestamp(timestamp).timestamp()).isEqualTo(timestamp);
        assertThat(StartingPosition.atSequenceNumber(SEQUENCE).sequenceNumber()).isEqualTo(SEQUENCE);
        assertThat(StartingPosition.afterSequenceNumber(SEQUENCE))
                .isEqualTo(new StartingPosition(StartingPosition.Kind.AFTER_SEQUENCE_NUMBER, null, SEQUENCE));
    }

    @Test
    void rejectsSentinelsAsSequenceNumbersAndMissingOrExtraFields() {
        assertThatThrownBy(() -> StartingPosition.afterSequenceNumber(ExtendedSequenceNumber.trimHorizon()))
                .hasMessageContaining("real sequence number");
        assertThatThrownBy(() -> new StartingPosition(StartingPosition.Kind.LATEST, Instant.EPOCH, null))
                .hasMessageContaining("timestamp must be null");
        assertThatThrownBy(() -> new StartingPosition(StartingPosition.Kind.AT_SEQUENCE_NUMBER, null, null))
                .hasMessageContaining("sequenceNumber must be set");
    }

    @Test
    void mapsACheckpointToWhereReadingResumes() {
        Instant initial = Instant.parse("2024-01-01T00:00:00Z");

        assertThat(StartingPosition.fromCheckpoint(SEQUENCE, null))
                .isEqualTo(StartingPosition.afterSequenceNumber(SEQUENCE));
        assertThat(StartingPosition.fromCheckpoint(ExtendedSequenceNumber.trimHorizon(), null))
                .isEqualTo(StartingPosition.trimHorizon());
        assertThat(StartingPosition.fromCheckpoint(ExtendedSequenceNumber.latest(), null))
                .isEqualTo(StartingPosition.latest());
        assertThat(StartingPosition.fromCheckpoint(ExtendedSequenceNumber.atTimestamp(), initial))
                .isEqualTo(StartingPosition.atTimestamp(initial));
        assertThatThrownBy(() -> StartingPosition.fromCheckpoint(ExtendedSequenceNumber.shardEnd(), initial))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StartingPosition.fromCheckpoint(ExtendedSequenceNumber.atTimestamp(), null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
