package io.shardline.kcl.internal.multistream;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardline.kcl.StartingPosition;
import io.shardline.kcl.StreamConfig;
import io.shardline.kcl.StreamIdentifier;
import io.shardline.kcl.StreamTracker;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class TrackedStreamsTest {

    private static final String ACCOUNT = "123456789012";

    private final AtomicReference<List<StreamConfig>> answer = new AtomicReference<>(List.of());
    /** The fake DescribeStreamSummary: name -> creation epoch; absent names do not exist; -1 fails. */
    private final Map<String, Long> streams = new HashMap<>();
    private final TrackedStreams tracked = new TrackedStreams(
            StreamTracker.polled(answer::get, Duration.ofSeconds(1)), this::describe, StartingPosition.latest(), "w1");

    private StreamIdentifier describe(String name) {
        Long epoch = streams.get(name);
        if (epoch == null) {
            throw new TrackedStreams.StreamAbsentException("ResourceNotFoundException: " + name, null);
        }
        if (epoch < 0) {
            throw new IllegalStateException("throttled");
        }
        return new StreamIdentifier(ACCOUNT, name, epoch);
    }

    private static StreamIdentifier id(String name, long epoch) {
        return new StreamIdentifier(ACCOUNT, name, epoch);
    }

    @Test
    void reportsStreamsAddedAndRemovedBetweenPolls() {
        streams.put("a", 100L);
        streams.put("b", 200L);
        answer.set(List.of(StreamConfig.of("a", StartingPosition.trimHorizon()), StreamConfig.of("b")));

        TrackedStreams.Change first = tracked.poll();
        assertThat(first.added()).containsExactlyInAnyOrder(id("a", 100), id("b", 200));
        assertThat(first.removed()).isEmpty();
        assertThat(tracked.initialPosition(id("a", 100))).isEqualTo(StartingPosition.trimHorizon());
        assertThat(tracked.initialPosition(id("b", 200))).isEqualTo(StartingPosition.latest());
        assertThat(tracked.isTracked(id("a", 100).leaseKey("shardId-0"))).isTrue();

        streams.put("c", 300L);
        answer.set(List.of(StreamConfig.of("b"), StreamConfig.of("c")));
        TrackedStreams.Change second = tracked.poll();

        assertThat(second.added()).containsExactly(id("c", 300));
        assertThat(second.removed()).containsExactly(id("a", 100));
        assertThat(tracked.isTracked(id("a", 100).leaseKey("shardId-0"))).isFalse();
        assertThat(tracked.poll().isEmpty()).isTrue();
    }

    @Test
    void aRecreatedStreamIsANewStreamAndTheOldOneLeaves() {
        streams.put("a", 100L);
        answer.set(List.of(StreamConfig.of("a")));
        tracked.poll();

        streams.remove("a"); // deleted
        TrackedStreams.Change deleted = tracked.poll();
        assertThat(deleted.removed()).containsExactly(id("a", 100));
        assertThat(tracked.streams()).isEmpty();

        streams.put("a", 160L); // re-created: a new creation epoch
        TrackedStreams.Change recreated = tracked.poll();
        assertThat(recreated.added()).containsExactly(id("a", 160));
        assertThat(tracked.isTracked("123456789012:a:100:shardId-000000000000")).isFalse();
        assertThat(tracked.isTracked("123456789012:a:160:shardId-000000000000")).isTrue();
    }

    @Test
    void aRecreationBetweenTwoPollsSwapsTheIdentifiers() {
        streams.put("a", 100L);
        answer.set(List.of(StreamConfig.of("a")));
        tracked.poll();
        streams.put("a", 130L);

        TrackedStreams.Change change = tracked.poll();

        assertThat(change.added()).containsExactly(id("a", 130));
        assertThat(change.removed()).containsExactly(id("a", 100));
    }

    @Test
    void aFailedDescribeKeepsTheStreamAndAFailingTrackerChangesNothing() {
        streams.put("a", 100L);
        answer.set(List.of(StreamConfig.of("a")));
        tracked.poll();

        streams.put("a", -1L); // throttled: not a reason to stop the stream
        assertThat(tracked.poll().isEmpty()).isTrue();
        assertThat(tracked.streams()).containsExactly(id("a", 100));

        answer.set(null);
        assertThat(tracked.poll().isEmpty()).isTrue();
        TrackedStreams throwing = new TrackedStreams(StreamTracker.polled(() -> {
            throw new IllegalStateException("config service down");
        }, Duration.ofSeconds(1)), this::describe, StartingPosition.latest(), "w1");
        assertThat(throwing.poll().isEmpty()).isTrue();
    }

    @Test
    void anExplicitIdentifierIsNeverDescribedAndDuplicatesCountOnce() {
        StreamIdentifier explicit = StreamIdentifier.parse("111111111111:x:42");
        answer.set(List.of(StreamConfig.of(explicit, StartingPosition.trimHorizon()),
                StreamConfig.of(explicit, StartingPosition.latest())));

        TrackedStreams.Change change = tracked.poll();

        assertThat(change.added()).containsExactly(explicit);
        assertThat(tracked.initialPosition(explicit)).isEqualTo(StartingPosition.trimHorizon());
        assertThat(tracked.isTracked("shardId-000000000000")).isFalse();
    }
}
