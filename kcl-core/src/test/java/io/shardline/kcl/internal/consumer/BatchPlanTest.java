package io.shardline.kcl.internal.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardline.kcl.internal.consumer.BatchPlan.Backoff;
import io.shardline.kcl.internal.consumer.BatchPlan.Decision;
import io.shardline.kcl.internal.consumer.BatchPlan.Done;
import io.shardline.kcl.internal.consumer.BatchPlan.Failed;
import io.shardline.kcl.internal.consumer.BatchPlan.GiveUp;
import io.shardline.kcl.internal.consumer.BatchPlan.GivenUp;
import io.shardline.kcl.internal.consumer.BatchPlan.Invoke;
import io.shardline.kcl.internal.consumer.BatchPlan.Processed;
import io.shardline.kcl.internal.consumer.BatchPlan.StorageFailed;
import io.shardline.kcl.internal.consumer.BatchPlan.Why;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The failure policy's decisions, driven without threads, processors or clocks. */
class BatchPlanTest {

    /** A fake processor: which offsets fail, and whether it names them (partial batch failure) or throws. */
    private record Poison(Set<Integer> offsets, boolean partial) { }

    /** What a run of the plan over a batch did. */
    private record Run(List<String> calls, Set<Integer> processed, Set<Integer> givenUp, Integer stoppedAt,
            int backoffs, List<Why> backoffReasons) { }

    /** Drives the plan to the end, as the runner does, against the fake processor. */
    private static Run drive(BatchPlan plan, Poison poison) {
        List<String> calls = new ArrayList<>();
        Set<Integer> processed = new TreeSet<>();
        Set<Integer> givenUp = new TreeSet<>();
        List<Why> reasons = new ArrayList<>();
        int backoffs = 0;
        Decision d = plan.decide();
        for (int guard = 0; guard < 10_000; guard++) {
            if (d instanceof Done) {
                return new Run(calls, processed, givenUp, null, backoffs, reasons);
            } else if (d instanceof Backoff b) {
                backoffs++;
                reasons.add(b.why());
                d = plan.decide();
            } else if (d instanceof GiveUp g) {
                if (g.stopShard()) {
                    return new Run(calls, processed, givenUp, g.from(), backoffs, reasons);
                }
                for (int i = g.from(); i < g.from() + g.count(); i++) {
                    givenUp.add(i);
                }
                d = plan.next(new GivenUp());
            } else {
                Invoke call = (Invoke) d;
                calls.add(call.from() + "+" + call.count());
                List<Integer> failing = new ArrayList<>();
                for (int i = call.from(); i < call.from() + call.count(); i++) {
                    if (poison.offsets().contains(i)) {
                        failing.add(i - call.from());
                    }
                }
                if (failing.isEmpty()) {
                    for (int i = call.from(); i < call.from() + call.count(); i++) {
                        processed.add(i);
                    }
                    d = plan.next(new Processed());
                } else {
                    int before = plan.done();
                    d = plan.next(poison.partial() ? new Failed(failing) : Failed.all());
                    for (int i = before; i < plan.done(); i++) {
                        processed.add(i); // a partial failure: the records before the lowest one
                    }
                }
            }
        }
        throw new AssertionError("the plan did not end");
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                // name, size, maxAttempts, bisect, stop, poison, partial,
                //   expected calls, processed count, given up, stopped at, backoffs
                Arguments.of("everything succeeds in one call", 8, 3, true, false, Set.of(), false,
                        List.of("0+8"), 8, Set.of(), null, 0),
                Arguments.of("retries to the limit, then gives the whole batch up without bisection", 4, 3, false,
                        false, Set.of(2), false, List.of("0+4", "0+4", "0+4"), 0, Set.of(0, 1, 2, 3), null, 2),
                Arguments.of("bisects to the single poison record and dead-letters only it", 8, 2, true, false,
                        Set.of(5), false,
                        // whole batch twice, bisected; 0+4 ok; 4+4 fails once, bisected; 4+2 fails once,
                        // bisected; 4+1 ok; 5+1 its maxAttempts, given up; 6+2 ok
                        List.of("0+8", "0+8", "0+4", "4+4", "4+2", "4+1", "5+1", "5+1", "6+2"), 7, Set.of(5), null,
                        5),
                Arguments.of("two poison records are isolated one by one", 4, 1, true, false, Set.of(0, 3), false,
                        List.of("0+4", "0+2", "0+1", "1+1", "2+2", "2+1", "3+1"), 2, Set.of(0, 3), null, 3),
                Arguments.of("stop policy: the shard stops at the isolated record", 4, 2, true, true, Set.of(2),
                        false, List.of("0+4", "0+4", "0+2", "2+2", "2+1", "2+1"), 2, Set.of(), 2, 4),
                Arguments.of("stop policy without bisection stops at the batch's first record", 4, 2, false, true,
                        Set.of(3), false, List.of("0+4", "0+4"), 0, Set.of(), 0, 1),
                Arguments.of("partial failure: records before the lowest are processed, the lowest alone given up",
                        6, 3, true, false, Set.of(2, 4), true,
                        List.of("0+6", "2+4", "2+4", "3+3", "4+2", "4+2", "5+1"), 4, Set.of(2, 4), null, 4),
                Arguments.of("partial failure with stop policy stops at the lowest named record", 5, 2, true, true,
                        Set.of(3), true, List.of("0+5", "3+2"), 3, Set.of(), 3, 1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void decides(String name, int size, int maxAttempts, boolean bisect, boolean stop, Set<Integer> poison,
            boolean partial, List<String> calls, int processedCount, Set<Integer> givenUp, Integer stoppedAt,
            int backoffs) {
        Run run = drive(new BatchPlan(size, maxAttempts, bisect, stop), new Poison(poison, partial));

        assertThat(run.calls()).as("processor calls (from+count)").isEqualTo(calls);
        assertThat(run.processed()).as("processed").hasSize(processedCount);
        assertThat(poison).as("no poison record processed").noneMatch(run.processed()::contains);
        assertThat(run.givenUp()).as("given up").isEqualTo(givenUp);
        assertThat(run.stoppedAt()).as("stopped at").isEqualTo(stoppedAt);
        assertThat(run.backoffs()).as("backoffs").isEqualTo(backoffs);
        if (stoppedAt == null) {
            Set<Integer> all = new TreeSet<>(run.processed());
            all.addAll(run.givenUp());
            assertThat(all).as("every record handled exactly once").hasSize(size);
        }
    }

    @Test
    void bisectionIsAnnouncedOnceAndStorageFailuresCountNoAttempt() {
        BatchPlan plan = new BatchPlan(4, 1, true, false);
        assertThat(plan.decide()).isEqualTo(new Invoke(0, 4));
        for (int i = 1; i <= 5; i++) {
            assertThat(plan.next(new StorageFailed())).isEqualTo(new Backoff(Why.STORAGE_FAILURE));
            assertThat(plan.storageFailures()).isEqualTo(i);
            assertThat(plan.decide()).as("the same segment, no attempt counted").isEqualTo(new Invoke(0, 4));
        }
        assertThat(plan.failedCalls(0)).isZero();
        assertThat(plan.next(Failed.all())).isEqualTo(new Backoff(Why.BISECTION_STARTED));
        assertThat(plan.lastFailureFirstOfBatch()).isTrue();
        assertThat(plan.decide()).isEqualTo(new Invoke(0, 2));
        assertThat(plan.next(Failed.all())).isEqualTo(new Backoff(Why.BISECTED));
        assertThat(plan.lastFailureFirstOfBatch()).isFalse();
        assertThat(plan.failedCalls(0)).isEqualTo(2);
        assertThat(plan.failedCalls(3)).isEqualTo(1);
        assertThat(plan.next(Failed.all())).as("a single record after its maxAttempts").isEqualTo(
                new GiveUp(0, 1, false));
        assertThat(plan.failedCalls(0)).isEqualTo(3);
        assertThatThrownBy(plan::decide).as("the give-up must be reported first")
                .isInstanceOf(IllegalStateException.class);
        assertThat(plan.next(new GivenUp())).isEqualTo(new Invoke(1, 1));
        assertThat(plan.next(new Processed())).isEqualTo(new Invoke(2, 2));
        assertThat(plan.storageFailures()).isZero();
        assertThat(plan.next(new Processed())).isEqualTo(new Done());
        assertThatThrownBy(() -> plan.next(new Processed())).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void namedRecordsOutsideTheSegmentCountAsAPlainFailure() {
        BatchPlan plan = new BatchPlan(3, 2, false, false);
        plan.decide();
        assertThat(plan.next(Failed.at(7))).isEqualTo(new Backoff(Why.RETRY));
        assertThat(plan.failedCalls(0)).isEqualTo(1);
        assertThat(plan.failedCalls(2)).isEqualTo(1);
        assertThat(plan.next(Failed.at(-1))).isEqualTo(new GiveUp(0, 3, false));
    }

    @Test
    void anEmptyBatchIsDoneAtOnce() {
        assertThat(new BatchPlan(0, 3, true, false).decide()).isEqualTo(new Done());
    }
}
