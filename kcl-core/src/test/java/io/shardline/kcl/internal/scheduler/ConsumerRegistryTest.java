package io.shardline.kcl.internal.scheduler;

import static io.shardline.kcl.internal.consumer.ConsumerFixture.TIMEOUT;
import static io.shardline.kcl.internal.consumer.ConsumerFixture.waiting;
import static org.assertj.core.api.Assertions.assertThat;

import io.shardline.kcl.internal.consumer.ConsumerFixture;
import io.shardline.kcl.internal.consumer.FakeFetcherFactory;
import io.shardline.kcl.internal.consumer.RecordingProcessor;
import io.shardline.kcl.internal.consumer.ShardConsumer;
import io.shardline.lease.Lease;
import io.shardline.lease.LeaseEvent;
import io.shardline.lease.LossReason;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ConsumerRegistryTest {

    private final ConsumerFixture fixture = new ConsumerFixture();
    private final ConsumerRegistry registry = new ConsumerRegistry(
            lease -> new ShardConsumer(fixture.context(), lease), fixture.callbacks);

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    @Test
    void anAcquiredLeaseGetsAConsumerAndALostOneStopsIt() {
        Lease lease = fixture.acquire("s");
        registry.onEvent(new LeaseEvent.Acquired(lease));
        fixture.awaitFetcher("s").add(FakeFetcherFactory.batch(0, 3));
        waiting().until(() -> fixture.processor("s").records.size() == 3);

        registry.onEvent(new LeaseEvent.Lost("s", LossReason.TAKEN_OVER));

        waiting().until(() -> registry.consumers().isEmpty());
        assertThat(fixture.processor("s").calls).endsWith("leaseLost");
    }

    @Test
    void aHandoffOfALeaseWithoutConsumerIsCompletedAtOnce() {
        registry.onEvent(new LeaseEvent.HandoffRequested(fixture.acquire("finished"), "w2"));

        assertThat(fixture.callbacks.handoffs).containsExactly("finished");
    }

    @Test
    void aHandoffStopsTheConsumerThenCompletes() {
        registry.onEvent(new LeaseEvent.Acquired(fixture.acquire("s")));
        fixture.awaitFetcher("s");

        registry.onEvent(new LeaseEvent.HandoffRequested(fixture.store.get("s").orElseThrow(), "w2"));

        waiting().until(() -> fixture.callbacks.handoffs.contains("s"));
        assertThat(fixture.processor("s").calls).containsExactly("initialize", "shutdownRequested");
    }

    @Test
    void aReacquiredLeaseStartsOnlyAfterThePreviousConsumerFinished() {
        Lease lease = fixture.acquire("s");
        registry.onEvent(new LeaseEvent.Acquired(lease));
        RecordingProcessor first = fixture.processor("s");
        first.blockProcessing = new CountDownLatch(1);
        fixture.awaitFetcher("s").add(FakeFetcherFactory.batch(0, 1));
        waiting().until(() -> first.calls.contains("processRecords"));

        registry.onEvent(new LeaseEvent.Lost("s", LossReason.SELF_FENCED));
        registry.onEvent(new LeaseEvent.Acquired(lease));

        assertThat(fixture.processor("s")).isSameAs(first); // the second processor is not even created yet
        first.blockProcessing.countDown();
        waiting().atMost(TIMEOUT).until(() -> fixture.processor("s") != first);
        assertThat(first.calls).endsWith("leaseLost");
        assertThat(first.overlapped).isFalse();
    }

    @Test
    void stopAllStopsEveryConsumerAndIgnoresLaterAcquisitions() {
        registry.onEvent(new LeaseEvent.Acquired(fixture.acquire("a")));
        registry.onEvent(new LeaseEvent.Acquired(fixture.acquire("b")));
        fixture.awaitFetcher("a");
        fixture.awaitFetcher("b");

        registry.stopAll();
        registry.onEvent(new LeaseEvent.Acquired(fixture.acquire("c")));

        assertThat(registry.allTerminated()).succeedsWithin(TIMEOUT);
        // each consumer removes itself in its own callback on the same future, which may run after allTerminated's
        waiting().atMost(TIMEOUT).until(() -> registry.consumers().isEmpty());
        assertThat(fixture.processors).doesNotContainKey("c");
    }
}
