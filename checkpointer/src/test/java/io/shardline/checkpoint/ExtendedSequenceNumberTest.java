package io.shardline.checkpoint;

import static io.shardline.checkpoint.ExtendedSequenceNumber.atTimestamp;
import static io.shardline.checkpoint.ExtendedSequenceNumber.latest;
import static io.shardline.checkpoint.ExtendedSequenceNumber.of;
import static io.shardline.checkpoint.ExtendedSequenceNumber.shardEnd;
import static io.shardline.checkpoint.ExtendedSequenceNumber.trimHorizon;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardline.checkpoint.ExtendedSequenceNumber.Sentinel;
import io.shardline.lease.Checkpoint;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ExtendedSequenceNumberTest {

    private static final String REAL_56_DIGITS = "49590338271490256608559692538361571095921575989136588898";

    @Test
    void comparesSequenceNumbersOfDifferentLengthsNumerically() {
        // Lexicographically "9" > "10" > "49590..."; numerically the other way round.
        assertThat(of("9")).isLessThan(of("10"));
        assertThat(of("10")).isLessThan(of(REAL_56_DIGITS));
        assertThat(of(REAL_56_DIGITS)).isGreaterThan(of("9"));
    }

    @Test
    void comparesSubSequenceNumbersWithinOneSequenceNumber() {
        assertThat(of(REAL_56_DIGITS, 0)).isLessThan(of(REAL_56_DIGITS, 1));
        assertThat(of(REAL_56_DIGITS, 7)).isLessThan(of("49590338271490256608559692538361571095921575989136588899", 0));
        assertThat(of("5", 3)).isEqualByComparingTo(of("5", 3));
    }

    @Test
    void ordersSentinelsLikeKcl() {
        List<ExtendedSequenceNumber> expected = List.of(
                atTimestamp(), trimHorizon(), latest(), of("0"), of("1"), of(REAL_56_DIGITS, 3), shardEnd());
        List<ExtendedSequenceNumber> shuffled = new ArrayList<>(expected);
        Collections.shuffle(shuffled, new Random(7));
        Collections.sort(shuffled);
        assertThat(shuffled).containsExactlyElementsOf(expected);
    }

    @Test
    void agreesWithBigIntegerOnRandomSequenceNumbers() {
        Random random = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            BigInteger a = new BigInteger(1 + random.nextInt(190), random);
            BigInteger b = random.nextInt(4) == 0 ? a : new BigInteger(1 + random.nextInt(190), random);
            int expected = Integer.signum(a.compareTo(b));
            assertThat(Integer.signum(of(a.toString()).compareTo(of(b.toString()))))
                    .as("%s vs %s", a, b)
                    .isEqualTo(expected);
        }
    }

    @Test
    void stripsLeadingZerosSoEqualsAgreesWithCompareTo() {
        assertThat(of("000123")).isEqualTo(of("123"));
        assertThat(of("000123").sequenceNumber()).isEqualTo("123");
        assertThat(of("0000")).isEqualTo(of("0"));
    }

    @Test
    void roundTripsThroughTheLeaseCheckpoint() {
        for (ExtendedSequenceNumber position
                : List.of(of(REAL_56_DIGITS, 12), of("0"), trimHorizon(), latest(), atTimestamp(), shardEnd())) {
            Checkpoint stored = position.toCheckpoint();
            assertThat(ExtendedSequenceNumber.fromCheckpoint(stored)).isEqualTo(position);
        }
        assertThat(of(REAL_56_DIGITS, 12).toCheckpoint()).isEqualTo(new Checkpoint(REAL_56_DIGITS, 12));
    }

    @Test
    void readsTheShardEndSentinelKclWrites() {
        ExtendedSequenceNumber position = ExtendedSequenceNumber.fromCheckpoint(Checkpoint.of(Checkpoint.SHARD_END));

        assertThat(position.isShardEnd()).isTrue();
        assertThat(position.isSentinel()).isTrue();
        assertThat(position.isStartingPosition()).isFalse();
        assertThat(position.sentinel()).contains(Sentinel.SHARD_END);
    }

    @Test
    void classifiesStartingSentinelsAndRealNumbers() {
        assertThat(List.of(trimHorizon(), latest(), atTimestamp()))
                .allMatch(ExtendedSequenceNumber::isStartingPosition)
                .allMatch(ExtendedSequenceNumber::isSentinel)
                .noneMatch(ExtendedSequenceNumber::isShardEnd);
        assertThat(of(REAL_56_DIGITS).isSentinel()).isFalse();
        assertThat(of(REAL_56_DIGITS).isStartingPosition()).isFalse();
        assertThat(of(REAL_56_DIGITS).sentinel()).isEmpty();
    }

    @Test
    void rejectsNonNumericSequenceNumberNamingTheValue() {
        assertThatThrownBy(() -> of("12a4"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'12a4'");
        assertThatThrownBy(() -> of("-5"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'-5'");
        assertThatThrownBy(() -> of("shard_end"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'shard_end'");
        assertThatThrownBy(() -> of(""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty");
    }

    @Test
    void rejectsNegativeSubSequenceNumberNamingTheValue() {
        assertThatThrownBy(() -> of("123", -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("subSequenceNumber must be >= 0, was -1")
                .hasMessageContaining("123");
    }

    @Test
    void rejectsSubSequenceNumberOnSentinel() {
        assertThatThrownBy(() -> new ExtendedSequenceNumber("SHARD_END", 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("SHARD_END")
                .hasMessageContaining("3");
    }

    @Test
    void rejectsSequenceNumberLongerThanKinesisAllows() {
        String tooLong = "1".repeat(ExtendedSequenceNumber.MAX_DIGITS + 1);
        assertThatThrownBy(() -> of(tooLong))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("130 digits");
        assertThat(of("1".repeat(ExtendedSequenceNumber.MAX_DIGITS)).sequenceNumber()).hasSize(129);
    }

    @Test
    void printsSubSequenceNumberOnlyWhenSet() {
        assertThat(of("42")).hasToString("42");
        assertThat(of("42", 3)).hasToString("42/3");
        assertThat(shardEnd()).hasToString("SHARD_END");
    }
}
