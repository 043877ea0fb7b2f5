package io.shardline.kcl.internal.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardline.kcl.internal.consumer.ConsumerPhase.Done;
import io.shardline.kcl.internal.consumer.ConsumerPhase.EndStep;
import io.shardline.kcl.internal.consumer.ConsumerPhase.EndingShard;
import io.shardline.kcl.internal.consumer.ConsumerPhase.Initializing;
import io.shardline.kcl.internal.consumer.ConsumerPhase.Processing;
import io.shardline.kcl.internal.consumer.ConsumerPhase.Stopping;
import io.shardline.kcl.internal.consumer.ConsumerPhase.WaitingOnParents;
import io.shardline.checkpoint.ExtendedSequenceNumber;
import io.shardline.checkpoint.ShardCheckpointer;
import io.shardline.lease.Lease;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ConsumerPhaseTest {

    private static final ConsumerFixture FIXTURE = new ConsumerFixture();
    private static final AtomicInteger SHARDS = new AtomicInteger();

    private static final List<ConsumerPhase> ONE_OF_EACH = List.of(
            new WaitingOnParents(false),
            new Initializing(false, null),
            new Processing(placeholderRun()),
            new EndingShard(placeholderRun(), EndStep.CREATE_CHILDREN, List.of(), List.of()),
            new Stopping(ShutdownReason.REQUESTED, null),
            new Done(ShutdownReason.SHARD_END));

    /** The lifecycle diagram of package-info.java, by kind of phase. */
    private static final Map<Class<?>, Set<Class<?>>> EXPECTED = Map.of(
            WaitingOnParents.class, Set.of(WaitingOnParents.class, Initializing.class, Done.class),
            Initializing.class, Set.of(Initializing.class, Processing.class, Stopping.class),
            Processing.class, Set.of(EndingShard.class, Stopping.class),
            EndingShard.class, Set.of(EndingShard.class, Done.class),
            Stopping.class, Set.of(Done.class),
            Done.class, Set.of());

    /** A run as the consumer makes one (the table only carries it). */
    private static ProcessorRun placeholderRun() {
        ConsumerContext ctx = FIXTURE.context();
        Lease lease = FIXTURE.acquire("shard-" + SHARDS.incrementAndGet());
        ExtendedSequenceNumber start = StartPositions.sentinelOf(ctx.initialPosition());
        ShardCheckpointer checkpointer = ctx.checkpointers().create(lease, start, key -> { });
        RecordCheckpointerAdapter adapter = new RecordCheckpointerAdapter(checkpointer, start);
        RecordingProcessor processor = new RecordingProcessor();
        BatchRunner batches = new BatchRunner(ctx, lease.leaseKey(), new ConsumerSteps(ctx, lease.leaseKey(), () -> { }),
                processor, checkpointer, adapter);
        return new ProcessorRun(lease, processor, checkpointer, adapter, batches);
    }

    @AfterAll
    static void closeFixture() {
        FIXTURE.close();
    }

    static Stream<Arguments> everyPair() {
        return ONE_OF_EACH.stream().flatMap(from -> ONE_OF_EACH.stream().map(to -> Arguments.of(from, to)));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("everyPair")
    void allowsExactlyTheMovesOfTheTableAndTheCoarseStatesAgree(ConsumerPhase from, ConsumerPhase to) {
        boolean legal = EXPECTED.get(from.getClass()).contains(to.getClass());
        if (legal) {
            assertThat(ConsumerPhase.checkTransition(from, to)).isSameAs(to);
            assertThat(from.state() == to.state() || from.state().canTransitionTo(to.state()))
                    .as("coarse move %s -> %s", from.state(), to.state()).isTrue();
        } else {
            assertThatThrownBy(() -> ConsumerPhase.checkTransition(from, to))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("illegal shard consumer transition");
        }
    }

    @Test
    void coarseStatesOfThePhases() {
        assertThat(ONE_OF_EACH.stream().map(ConsumerPhase::state).toList()).containsExactly(
                ConsumerState.WAITING_ON_PARENTS, ConsumerState.INITIALIZING, ConsumerState.PROCESSING,
                ConsumerState.SHUTTING_DOWN, ConsumerState.SHUTTING_DOWN, ConsumerState.SHUTDOWN_COMPLETE);
    }

    @Test
    void aShardEndIsToldToTheProcessorOnlyInItsLastStep() {
        EndingShard ending = new EndingShard(placeholderRun(), EndStep.CREATE_CHILDREN, List.of(), List.of());
        assertThat(ending.processorNotified()).isFalse();
        assertThat(ending.next(EndStep.NOTIFY_PROCESSOR).processorNotified()).isFalse();
        assertThat(ending.next(EndStep.CHECKPOINT).processorNotified()).isTrue();
    }
}
