package io.shardline.kcl.internal.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardline.checkpoint.CheckpointerConfig;
import io.shardline.checkpoint.Checkpointers;
import io.shardline.kcl.FailurePolicy;
import io.shardline.kcl.StartingPosition;
import io.shardline.lease.Lease;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A shard consumer on a single-threaded virtual-time executor (as the whole-worker simulator runs it): every step is
 * {@code step(now)} with the virtual monotonic time, backoffs wait on the virtual timer, and nothing ever blocks on
 * another task (else {@link VirtualExecutor#runUntilIdle()} would never return or a task would wait forever).
 */
class VirtualTimeConsumerTest {

    private final ConsumerFixture fixture = new ConsumerFixture();
    private final VirtualExecutor virtual = new VirtualExecutor();

    @AfterEach
    void close() {
        fixture.close();
    }

    private ConsumerContext context() {
        return new ConsumerContext(ConsumerFixture.WORKER, "stream", StartingPosition.trimHorizon(),
                shardId -> fixture.processorFactory.apply(shardId), fixture.fetchers,
                Checkpointers.fenced(fixture.store, CheckpointerConfig.defaults(), fixture.registry), fixture.store,
                virtual, virtual, fixture.metrics, fixture.callbacks,
                new ConsumerContext.Timings(Duration.ofSeconds(1), Duration.ofMillis(10), Duration.ofSeconds(1)),
                "app", FailurePolicy.defaults(), virtual.time());
    }

    @Test
    void retriesAFailingBatchOnTheVirtualTimerAndHandsOffWithoutAnyOtherThread() {
        Lease lease = fixture.acquire("shard-v");
        ShardConsumer consumer = new ShardConsumer(context(), lease);
        consumer.start();
        virtual.runUntilIdle();

        assertThat(consumer.phase()).isInstanceOf(ConsumerPhase.Processing.class);
        assertThat(virtual.nanoTime()).as("no virtual time passed").isZero();
        RecordingProcessor processor = fixture.processors.get("shard-v");
        assertThat(processor.calls).containsExactly("initialize");

        processor.processRecordsFailures.set(2); // maxAttempts is 3: the third call succeeds
        fixture.fetchers.fetcher("shard-v").add(FakeFetcherFactory.batch(0, 3));
        virtual.runUntilIdle();

        assertThat(processor.calls).containsExactly("initialize", "processRecords", "processRecords",
                "processRecords");
        assertThat(processor.records).containsExactly("1000", "1001", "1002");
        assertThat(virtual.nanoTime()).as("the backoffs, 10 ms then 20 ms, on the virtual clock")
                .isEqualTo(Duration.ofMillis(30).toNanos());
        assertThat(fixture.checkpointOf("shard-v").value()).isEqualTo("1002");

        consumer.requestShutdown();
        virtual.runUntilIdle();

        assertThat(consumer.phase()).isEqualTo(new ConsumerPhase.Done(ShutdownReason.REQUESTED));
        assertThat(consumer.state()).isEqualTo(ConsumerState.SHUTDOWN_COMPLETE);
        assertThat(consumer.terminated()).isCompletedWithValue(ShutdownReason.REQUESTED);
        assertThat(processor.calls).endsWith("shutdownRequested");
        assertThat(fixture.callbacks.handoffs).isEqualTo(List.of("shard-v"));
        assertThat(processor.overlapped).isFalse();
    }

    @Test
    void aChildStartsAtItsNextVirtualParentCheckAfterItsParentEnded() {
        Lease parent = fixture.acquire("parent");
        Lease child = fixture.acquire(Lease.unowned("child").withLineage(Set.of("parent"), Set.of(), null));
        ShardConsumer childConsumer = new ShardConsumer(context(), child);
        childConsumer.start();
        virtual.runFor(Duration.ofSeconds(5)); // re-checks every second on the timer, never a busy loop
        assertThat(childConsumer.phase()).isEqualTo(new ConsumerPhase.WaitingOnParents(true));
        assertThat(fixture.processors).doesNotContainKey("child");

        ShardConsumer parentConsumer = new ShardConsumer(context(), parent);
        parentConsumer.start();
        virtual.runFor(Duration.ZERO);
        fixture.fetchers.fetcher("parent").add(FakeFetcherFactory.shardEnd(0, 2, List.of()));
        virtual.runFor(Duration.ZERO);
        assertThat(parentConsumer.phase()).isEqualTo(new ConsumerPhase.Done(ShutdownReason.SHARD_END));
        assertThat(fixture.checkpointOf("parent").isShardEnd()).isTrue();
        assertThat(childConsumer.phase()).as("not before its next parent check")
                .isEqualTo(new ConsumerPhase.WaitingOnParents(true));

        virtual.runFor(Duration.ofSeconds(1));
        assertThat(childConsumer.phase()).isInstanceOf(ConsumerPhase.Processing.class);
        assertThat(fixture.processors.get("child").calls).containsExactly("initialize");
    }
}
