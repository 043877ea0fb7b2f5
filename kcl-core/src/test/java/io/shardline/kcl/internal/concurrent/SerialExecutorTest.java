package io.shardline.kcl.internal.concurrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;

class SerialExecutorTest {

    /** The shared executor, driven by the test: each submission is one "turn" of a pool thread. */
    private static final class ManualPool implements Executor {
        final Queue<Runnable> turns = new ArrayDeque<>();
        boolean shutDown;

        @Override
        public void execute(Runnable command) {
            if (shutDown) {
                throw new RejectedExecutionException("shut down");
            }
            turns.add(command);
        }

        void runTurn() {
            turns.remove().run();
        }
    }

    private final ManualPool pool = new ManualPool();
    private final List<String> ran = new ArrayList<>();

    @Test
    void runsTasksInOrderAtMostTasksPerTurnAndOneTurnQueuedAtATime() {
        SerialExecutor serial = new SerialExecutor(pool, 2, "test");
        for (int i = 0; i < 5; i++) {
            int n = i;
            serial.execute(() -> ran.add("t" + n));
        }
        assertThat(pool.turns).as("one turn queued for the five tasks").hasSize(1);
        pool.runTurn();
        assertThat(ran).containsExactly("t0", "t1");
        assertThat(pool.turns).as("yields the thread, then queues the next turn").hasSize(1);
        pool.runTurn();
        pool.runTurn();
        assertThat(ran).containsExactly("t0", "t1", "t2", "t3", "t4");
        assertThat(pool.turns).isEmpty();
    }

    @Test
    void aFailingTaskIsLoggedAndTheNextOneStillRuns() {
        SerialExecutor serial = new SerialExecutor(pool, 1, "test");
        serial.execute(() -> {
            throw new IllegalStateException("bug");
        });
        serial.execute(() -> ran.add("after"));
        pool.runTurn();
        pool.runTurn();
        assertThat(ran).containsExactly("after");
    }

    @Test
    void tasksAreDroppedOnceTheSharedExecutorRejectsWork() {
        SerialExecutor serial = new SerialExecutor(pool, 1, "test");
        pool.shutDown = true;
        serial.execute(() -> ran.add("dropped"));
        pool.shutDown = false;
        serial.execute(() -> ran.add("later"));
        pool.runTurn();
        assertThat(ran).as("the executor is usable again, the rejected task is gone").containsExactly("later");
    }

    @Test
    void rejectsANonPositiveTurnSize() {
        assertThatThrownBy(() -> new SerialExecutor(pool, 0, "test")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tasksPerTurn must be >= 1, was 0");
    }
}
