package io.shardline.kcl.internal.consumer;

import static io.shardline.kcl.internal.consumer.ConsumerState.INITIALIZING;
import static io.shardline.kcl.internal.consumer.ConsumerState.PROCESSING;
import static io.shardline.kcl.internal.consumer.ConsumerState.SHUTDOWN_COMPLETE;
import static io.shardline.kcl.internal.consumer.ConsumerState.SHUTTING_DOWN;
import static io.shardline.kcl.internal.consumer.ConsumerState.WAITING_ON_PARENTS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ConsumerStateTest {

    private static final Map<ConsumerState, Set<ConsumerState>> EXPECTED = Map.of(
            WAITING_ON_PARENTS, EnumSet.of(INITIALIZING, SHUTDOWN_COMPLETE),
            INITIALIZING, EnumSet.of(PROCESSING, SHUTTING_DOWN),
            PROCESSING, EnumSet.of(SHUTTING_DOWN),
            SHUTTING_DOWN, EnumSet.of(SHUTDOWN_COMPLETE),
            SHUTDOWN_COMPLETE, EnumSet.noneOf(ConsumerState.class));

    static Stream<Arguments> everyPair() {
        return Stream.of(ConsumerState.values())
                .flatMap(from -> Stream.of(ConsumerState.values()).map(to -> Arguments.of(from, to)));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("everyPair")
    void allowsExactlyTheMovesOfTheLifecycleDiagram(ConsumerState from, ConsumerState to) {
        boolean legal = EXPECTED.get(from).contains(to);

        assertThat(from.canTransitionTo(to)).isEqualTo(legal);
        if (legal) {
            assertThat(from.transitionTo(to)).isEqualTo(to);
        } else {
            assertThatThrownBy(() -> from.transitionTo(to))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("illegal shard consumer transition " + from + " -> " + to);
        }
    }

    @Test
    void theHappyPathReachesTheOnlyTerminalState() {
        ConsumerState state = WAITING_ON_PARENTS;
        for (ConsumerState next : new ConsumerState[] {INITIALIZING, PROCESSING, SHUTTING_DOWN, SHUTDOWN_COMPLETE}) {
            state = state.transitionTo(next);
        }
        assertThat(state.isTerminal()).isTrue();
        assertThat(Stream.of(ConsumerState.values()).filter(ConsumerState::isTerminal)).containsExactly(
                SHUTDOWN_COMPLETE);
        assertThat(SHUTDOWN_COMPLETE.legalNext()).isEmpty();
    }

    @Test
    void neverGoesBackwards() {
        assertThatThrownBy(() -> PROCESSING.transitionTo(INITIALIZING)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> SHUTTING_DOWN.transitionTo(PROCESSING)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> SHUTDOWN_COMPLETE.transitionTo(WAITING_ON_PARENTS))
                .isInstanceOf(IllegalStateException.class);
    }
}
