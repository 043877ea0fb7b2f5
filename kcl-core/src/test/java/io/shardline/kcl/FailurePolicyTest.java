package io.shardline.kcl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardline.kcl.deadletter.DeadLetterSink;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;

class FailurePolicyTest {

    private static final DeadLetterSink SINK = entry -> { };

    @Test
    void defaultsRetryThreeTimesBisectAndStopTheShardWithoutASink() {
        FailurePolicy d = FailurePolicy.defaults();

        assertThat(d.maxAttempts()).isEqualTo(3);
        assertThat(d.retryBackoffBase()).isEqualTo(Duration.ofMillis(100));
        assertThat(d.retryBackoffMax()).isEqualTo(Duration.ofSeconds(10));
        assertThat(d.bisect()).isTrue();
        assertThat(d.deadLetterSink()).isNull();
        assertThat(d.maxRecordAge()).isNull();
        assertThat(d.onExhausted()).isEqualTo(FailurePolicy.OnExhausted.STOP_SHARD);
    }

    @Test
    void withASinkTheDefaultIsToDeadLetter() {
        assertThat(FailurePolicy.builder().deadLetterSink(SINK).build().onExhausted())
                .isEqualTo(FailurePolicy.OnExhausted.DEAD_LETTER);
    }

    @Test
    void anExplicitStopWinsOverTheSink() {
        assertThat(FailurePolicy.builder().deadLetterSink(SINK).onExhausted(FailurePolicy.OnExhausted.STOP_SHARD)
                .build().onExhausted()).isEqualTo(FailurePolicy.OnExhausted.STOP_SHARD);
    }

    @Test
    void toBuilderCopiesEveryFieldAndKeepsTheDefaultDerived() {
        InstantSource clock = InstantSource.fixed(Instant.EPOCH);
        FailurePolicy p = FailurePolicy.builder().maxAttempts(5).retryBackoffBase(Duration.ofMillis(7))
                .retryBackoffMax(Duration.ofSeconds(1)).bisect(false).deadLetterSink(SINK)
                .maxRecordAge(Duration.ofHours(6)).clock(clock).build();

        assertThat(p.toBuilder().build()).isEqualTo(p).hasSameHashCodeAs(p);
        assertThat(p.toBuilder().deadLetterSink(null).maxRecordAge(null).build().onExhausted())
                .isEqualTo(FailurePolicy.OnExhausted.STOP_SHARD);
        assertThat(p.toBuilder().maxAttempts(6).build()).isNotEqualTo(p);
    }

    @Test
    void backoffDoublesUpToTheMaximum() {
        FailurePolicy p = FailurePolicy.builder().retryBackoffBase(Duration.ofMillis(100))
                .retryBackoffMax(Duration.ofMillis(350)).build();

        assertThat(p.backoff(1)).isEqualTo(Duration.ofMillis(100));
        assertThat(p.backoff(2)).isEqualTo(Duration.ofMillis(200));
        assertThat(p.backoff(3)).isEqualTo(Duration.ofMillis(350));
        assertThat(p.backoff(40)).isEqualTo(Duration.ofMillis(350));
    }

    @Test
    void rejectsZeroMaxAttempts() {
        assertRejected(FailurePolicy.builder().maxAttempts(0), "maxAttempts", "was 0");
    }

    @Test
    void rejectsANegativeMaxAttempts() {
        assertRejected(FailurePolicy.builder().maxAttempts(-2), "maxAttempts", "was -2");
    }

    @Test
    void rejectsAMissingRetryBackoffBase() {
        assertRejected(FailurePolicy.builder().retryBackoffBase(null), "retryBackoffBase", "was null");
    }

    @Test
    void rejectsAZeroRetryBackoffBase() {
        assertRejected(FailurePolicy.builder().retryBackoffBase(Duration.ZERO), "retryBackoffBase", "was PT0S");
    }

    @Test
    void rejectsANegativeRetryBackoffMax() {
        assertRejected(FailurePolicy.builder().retryBackoffMax(Duration.ofSeconds(-1)), "retryBackoffMax",
                "was PT-1S");
    }

    @Test
    void rejectsARetryBackoffMaxBelowTheBase() {
        assertRejected(FailurePolicy.builder().retryBackoffBase(Duration.ofSeconds(2))
                .retryBackoffMax(Duration.ofSeconds(1)), "retryBackoffMax", "was PT1S");
    }

    @Test
    void rejectsDeadLetteringWithoutASink() {
        assertRejected(FailurePolicy.builder().onExhausted(FailurePolicy.OnExhausted.DEAD_LETTER), "onExhausted",
                "was DEAD_LETTER");
    }

    @Test
    void rejectsAZeroMaxRecordAge() {
        assertRejected(FailurePolicy.builder().deadLetterSink(SINK).maxRecordAge(Duration.ZERO), "maxRecordAge",
                "was PT0S");
    }

    @Test
    void rejectsAMaxRecordAgeWithoutASink() {
        assertRejected(FailurePolicy.builder().maxRecordAge(Duration.ofHours(1)), "maxRecordAge", "was PT1H");
    }

    @Test
    void rejectsAMissingClock() {
        assertRejected(FailurePolicy.builder().clock(null), "clock", "was null");
    }

    private static void assertRejected(FailurePolicy.Builder builder, String field, String value) {
        assertThatThrownBy(builder::build).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("FailurePolicy." + field).hasMessageContaining(value);
    }
}
