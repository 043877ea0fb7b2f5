package io.shardline.kcl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamTrackerTest {

    private static ConsumerConfig.Builder base() {
        return ConsumerConfig.builder().applicationName("app").kinesisClient(StubClients.kinesis())
                .dynamoDbClient(StubClients.dynamoDb()).processorFactory(ctx -> null);
    }

    @Test
    void aFixedTrackerMakesAMultiStreamConfig() {
        StreamTracker tracker = StreamTracker.fixed(StreamConfig.of("a", StartingPosition.trimHorizon()),
                StreamConfig.of("arn:aws:kinesis:us-east-1:000000000000:stream/b"));

        ConsumerConfig config = base().streamTracker(tracker).build();

        assertThat(config.isMultiStream()).isTrue();
        assertThat(config.stream()).isNull();
        assertThat(config.streamTracker().streams()).extracting(StreamConfig::streamName).containsExactly("a", "b");
        assertThat(config.streamTracker().formerStreamLeases()).isEqualTo(FormerStreamLeases.keep());
        assertThat(config.toBuilder().build().streamTracker()).isSameAs(tracker);
        assertThat(config.toString()).contains("StreamTracker{streams=[a, arn:aws:kinesis");
    }

    @Test
    void theSingleStreamConfigStaysAsItWas() {
        ConsumerConfig config = base().streamName("orders").build();

        assertThat(config.isMultiStream()).isFalse();
        assertThat(config.streamTracker()).isNull();
        assertThat(config.stream()).isEqualTo("orders");
        // the last of streamName / streamArn / streamTracker wins
        assertThat(base().streamTracker(StreamTracker.fixed(StreamConfig.of("a"))).streamName("x").build()
                .isMultiStream()).isFalse();
        assertThat(base().streamName("x").streamTracker(StreamTracker.fixed(StreamConfig.of("a"))).build()
                .stream()).isNull();
    }

    @Test
    void rejectsAnEmptyOrDuplicatedListAndABadPollInterval() {
        assertThatThrownBy(() -> StreamTracker.fixed(List.of()))
                .hasMessage("StreamTracker.streams must name at least one stream, was []");
        assertThatThrownBy(() -> StreamTracker.fixed(StreamConfig.of("a"), StreamConfig.of("a")))
                .hasMessage("StreamTracker.streams names a twice");
        assertThatThrownBy(() -> StreamTracker.polled(List::of, Duration.ZERO))
                .hasMessage("StreamTracker.pollInterval must be a positive duration, was PT0S");
        assertThatThrownBy(() -> StreamTracker.fixed(StreamConfig.of("a")).withPollInterval(Duration.ofSeconds(-1)))
                .hasMessage("StreamTracker.pollInterval must be a positive duration, was PT-1S");
        assertThatThrownBy(() -> base().build())
                .hasMessage("ConsumerConfig.streamName or streamTracker or streamArn is required, was null");
    }

    @Test
    void rejectsABadStreamConfigNamingTheStream() {
        assertThatThrownBy(() -> StreamConfig.of(" "))
                .hasMessage("StreamConfig.stream must be a stream name or ARN, was ' '");
        assertThatThrownBy(() -> StreamConfig.of("a", StartingPosition.afterSequenceNumber(
                io.shardline.checkpoint.ExtendedSequenceNumber.of("1", 0))))
                .hasMessageStartingWith("StreamConfig.initialPosition of a must be TRIM_HORIZON, LATEST or "
                        + "AT_TIMESTAMP, was");
    }

    @Test
    void theDeletionStrategiesCheckTheirDelay() {
        assertThat(FormerStreamLeases.deleteAfter(Duration.ofMinutes(5)))
                .isEqualTo(new FormerStreamLeases.DeleteAfter(Duration.ofMinutes(5)));
        assertThatThrownBy(() -> FormerStreamLeases.deleteAfter(Duration.ofSeconds(-1)))
                .hasMessage("FormerStreamLeases.delay must be zero or positive, was PT-1S");
        assertThatThrownBy(() -> FormerStreamLeases.deleteListed(null, Duration.ZERO))
                .hasMessageContaining("FormerStreamLeases.streams is required");
        StreamTracker tracker = StreamTracker.polled(List::of, Duration.ofSeconds(5))
                .withFormerStreamLeases(FormerStreamLeases.deleteAfter(Duration.ZERO));
        assertThat(tracker.pollInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(tracker.isFixed()).isFalse();
        assertThat(tracker.formerStreamLeases()).isInstanceOf(FormerStreamLeases.DeleteAfter.class);
    }
}
