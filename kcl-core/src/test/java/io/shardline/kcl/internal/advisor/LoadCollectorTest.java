package io.shardline.kcl.internal.advisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.shardline.kcl.KinesisClientRecord;
import io.shardline.kcl.advisor.ShardLoad;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LoadCollectorTest {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000_000L);
    private final Instant epoch = Instant.parse("2026-12-06T12:00:00Z");
    private Clock wall = Clock.fixed(epoch, ZoneOffset.UTC);
    private final LoadCollector collector = new LoadCollector(Duration.ofSeconds(10), nanos::get, () -> wall.millis());

    private void advance(Duration d) {
        nanos.addAndGet(d.toNanos());
        wall = Clock.fixed(wall.instant().plus(d), ZoneOffset.UTC);
    }

    private static KinesisClientRecord record(String key, Instant arrival, int bytes) {
        return new KinesisClientRecord(key, "1", 0, null, arrival, ByteBuffer.allocate(bytes), false, false);
    }

    private static final BigInteger MAX = BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE);

    @Test
    void ingestIsMeasuredOnArrivalTimesEvenWhenProcessingIsSlower() {
        // 100 records written over one second (100 rec/s) but processed over five seconds.
        List<KinesisClientRecord> written = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            written.add(record("k" + i, epoch.minusMillis(1000 - 10L * i), 50));
        }
        for (int batch = 0; batch < 5; batch++) {
            List<KinesisClientRecord> part = written.subList(batch * 20, batch * 20 + 20);
            collector.received("s0", part, 0);
            collector.processed("s0", part.size(), part.get(19).approximateArrivalTimestamp().toEpochMilli());
            advance(Duration.ofSeconds(1));
        }
        ShardLoad load = collector.load("s0", BigInteger.ZERO, MAX);
        assertThat(load.ingestRecordsPerSecond()).isCloseTo(100.0, within(0.5)); // spans under 1 s count as 1 s (the limit is per second)
        assertThat(load.ingestBytesPerSecond()).isCloseTo(5000.0, within(25.0));
        assertThat(load.processedRecordsPerSecond()).isCloseTo(10.0, within(0.01)); // 100 over the 10 s window
        assertThat(load.samples()).isEqualTo(100);
        assertThat(load.hashKeyWeights()).hasSize(100).containsKey(HashKeys.of("k0", null));
        // The last record processed was ~4 s old: lag grows about 1 s per second.
        assertThat(load.lagMillis()).isBetween(3_900L, 4_100L);
        assertThat(load.lagTrendMillisPerSecond()).isCloseTo(800, within(10.0));
    }

    @Test
    void millisBehindLatestWinsWhenLargerThanTheRecordAge() {
        collector.received("s0", List.of(record("a", epoch, 10)), 7_000);
        collector.processed("s0", 1, epoch.toEpochMilli());
        assertThat(collector.load("s0", BigInteger.ZERO, MAX).lagMillis()).isEqualTo(7_000);
    }

    @Test
    void observationsOlderThanTheWindowAreForgotten() {
        collector.received("s0", List.of(record("a", epoch, 10)), 0);
        collector.throttled("s0", 3);
        advance(Duration.ofSeconds(11));
        ShardLoad load = collector.load("s0", BigInteger.ZERO, MAX);
        assertThat(load.samples()).isZero();
        assertThat(load.readThrottlesPerSecond()).isZero();
        assertThat(load.observed()).isTrue();
    }

    @Test
    void explicitHashKeyIsUsedAndMd5OtherwiseAsKinesisDoes() {
        assertThat(HashKeys.of("x", "12345")).isEqualTo(BigInteger.valueOf(12345));
        // MD5("a") = 0cc175b9c0f1b6a831c399e269772661, as an unsigned 128-bit integer.
        assertThat(HashKeys.of("a", null)).isEqualTo(new BigInteger("0cc175b9c0f1b6a831c399e269772661", 16));
    }

    @Test
    void slopeOfAConstantLagIsZero() {
        var samples = new java.util.ArrayDeque<long[]>();
        for (int i = 0; i < 5; i++) {
            samples.add(new long[] {i * 1_000_000_000L, 5_000});
        }
        assertThat(LoadCollector.slope(samples)).isCloseTo(0, within(1e-9));
    }
}
