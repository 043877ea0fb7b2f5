package io.shardline.kcl.internal.lanes;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardline.checkpoint.ExtendedSequenceNumber;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CompletedSetCodecTest {

    private static final BigInteger BASE = new BigInteger("49590338271490256608559692538361571095921575989136588898");

    @Test
    void roundTripsRealisticSequenceNumbersWithSubSequencesOfAggregates() {
        List<ExtendedSequenceNumber> positions = positions(2_000, new Random(7));

        CompletedSetCodec.Encoded encoded = CompletedSetCodec.encode(positions, 64 * 1024);

        assertThat(encoded.complete()).isTrue();
        assertThat(encoded.positions()).isEqualTo(positions.size());
        assertThat(CompletedSetCodec.decode(encoded.bytes())).isEqualTo(positions);
        assertThat(encoded.bytes().length).as("a few bytes per position").isLessThan(positions.size() * 12);
    }

    @Test
    void keepsTheLongestPrefixThatFitsTheCap() {
        List<ExtendedSequenceNumber> positions = positions(5_000, new Random(3));

        CompletedSetCodec.Encoded encoded = CompletedSetCodec.encode(positions, 2_000);

        assertThat(encoded.complete()).isFalse();
        assertThat(encoded.bytes().length).isLessThanOrEqualTo(2_000);
        assertThat(encoded.positions()).isBetween(1, positions.size() - 1);
        assertThat(CompletedSetCodec.decode(encoded.bytes())).isEqualTo(positions.subList(0, encoded.positions()));
        assertThat(CompletedSetCodec.encode(positions.subList(0, encoded.positions() + 1), 2_000).complete())
                .as("one more position would not fit").isFalse();
    }

    @Test
    void anEmptySetIsNoStateAndForeignStateDecodesToNothing() {
        assertThat(CompletedSetCodec.encode(List.of(), 100).bytes()).isNull();
        assertThat(CompletedSetCodec.decode(null)).isEmpty();
        assertThat(CompletedSetCodec.decode("{\"app\":1}".getBytes())).isEmpty();
    }

    static List<ExtendedSequenceNumber> positions(int count, Random random) {
        List<ExtendedSequenceNumber> out = new ArrayList<>();
        BigInteger sequence = BASE;
        for (int i = 0; i < count; i++) {
            sequence = sequence.add(BigInteger.valueOf(1 + random.nextInt(1 << 20)).shiftLeft(20));
            int subs = random.nextInt(10) == 0 ? 1 + random.nextInt(4) : 1;
            for (int s = 0; s < subs && out.size() < count; s++) {
                out.add(ExtendedSequenceNumber.of(sequence.toString(), s));
            }
        }
        return out;
    }
}
