package io.shardline.benchmarks.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardline.benchmarks.harness.WorkerLine.Change;
import io.shardline.benchmarks.harness.WorkerLine.LeaseChange;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OwnershipHistoryTest {

    private final List<LeaseChange> lines = new ArrayList<>();

    private OwnershipHistoryTest at(long millis, String worker, Change change, String... shards) {
        for (String shard : shards) {
            lines.add(new LeaseChange(millis, worker, change, shard));
        }
        return this;
    }

    private OwnershipHistory history() {
        return new OwnershipHistory(lines);
    }

    @Test
    void ownerIsTheLastAcquirerUntilItLetsGo() {
        at(100, "w1", Change.ACQUIRED, "s0", "s1");
        at(200, "w2", Change.ACQUIRED, "s0");
        at(250, "w1", Change.LOST, "s0");
        at(300, "w1", Change.RELEASED, "s1");

        assertThat(history().ownersAt(150)).isEqualTo(Map.of("s0", "w1", "s1", "w1"));
        assertThat(history().ownersAt(260)).isEqualTo(Map.of("s0", "w2", "s1", "w1"));
        assertThat(history().ownersAt(300)).isEqualTo(Map.of("s0", "w2"));
        assertThat(history().shardsOf("w1", 150)).containsExactly("s0", "s1");
    }

    @Test
    void linesArriveOutOfOrderAcrossWorkersAndAreReplayedByTime() {
        at(200, "w2", Change.ACQUIRED, "s0");
        at(100, "w1", Change.ACQUIRED, "s0");

        assertThat(history().ownersAt(Long.MAX_VALUE)).isEqualTo(Map.of("s0", "w2"));
        assertThat(history().moves(0, Long.MAX_VALUE)).isEqualTo(1);
    }

    @Test
    void countsAMoveOnlyWhenAnotherWorkerAcquiresInTheWindow() {
        at(100, "w1", Change.ACQUIRED, "s0", "s1", "s2");  // first acquisitions: not moves
        at(200, "w1", Change.LOST, "s0");
        at(210, "w1", Change.ACQUIRED, "s0");              // taken back by the same worker: not a move
        at(300, "w2", Change.ACQUIRED, "s1");              // move
        at(400, "w3", Change.ACQUIRED, "s1");              // move
        at(500, "w2", Change.ACQUIRED, "s2");              // move, outside the window below

        assertThat(history().moves(0, Long.MAX_VALUE)).isEqualTo(3);
        assertThat(history().moves(250, 450)).isEqualTo(2);
    }

    @Test
    void balancedMeansEveryShardOwnedByALiveWorkerWithinOneOfTheMean() {
        Set<String> live = Set.of("w1", "w2", "w3");
        // 8 shards on 3 workers: the mean is 2.67, so 2 or 3 each
        assertThat(OwnershipHistory.isBalanced(owners("w1", 3, "w2", 3, "w3", 2), live, 8)).isTrue();
        assertThat(OwnershipHistory.isBalanced(owners("w1", 4, "w2", 2, "w3", 2), live, 8)).isFalse();
        assertThat(OwnershipHistory.isBalanced(owners("w1", 3, "w2", 3, "w3", 1), live, 8)).isFalse();
        // a dead worker's shards count as unowned
        assertThat(OwnershipHistory.isBalanced(owners("w1", 3, "w2", 3, "dead", 2), Set.of("w1", "w2"), 8))
                .isFalse();
        assertThat(OwnershipHistory.isBalanced(Map.of(), Set.of(), 0)).isFalse();
    }

    @Test
    void balancedSinceIsTheLineThatCompletedTheCurrentBalancedStretch() {
        at(100, "w1", Change.ACQUIRED, "s0", "s1", "s2", "s3");
        at(200, "w2", Change.ACQUIRED, "s0", "s1");                    // w1 2, w2 2: balanced at 200
        at(300, "w1", Change.LOST, "s0", "s1");

        assertThat(history().balancedSince(0, Set.of("w1", "w2"), 4)).hasValue(200);
        assertThat(history().balancedSince(250, Set.of("w1", "w2"), 4)).hasValue(250);
        // w3 joined (alive, owns nothing yet): not balanced
        assertThat(history().balancedSince(0, Set.of("w1", "w2", "w3"), 4)).isEmpty();

        at(400, "w3", Change.ACQUIRED, "s0");                          // 3 workers: 1 to 2.33 each -> 1, 2 ,1
        at(500, "w2", Change.LOST, "s0");

        assertThat(history().balancedSince(0, Set.of("w1", "w2", "w3"), 4)).hasValue(400);
    }

    @Test
    void balancedSinceIsEmptyWhenTheLastLineBrokeTheBalance() {
        at(100, "w1", Change.ACQUIRED, "s0", "s1");
        at(100, "w2", Change.ACQUIRED, "s2");   // 3 shards on 2 workers: 1 or 2 each
        at(200, "w1", Change.ACQUIRED, "s2");   // 3 and 0

        assertThat(history().balancedSince(0, Set.of("w1", "w2"), 3)).isEmpty();
        assertThat(new OwnershipHistory(lines.subList(0, 3)).balancedSince(0, Set.of("w1", "w2"), 3)).hasValue(100);
    }

    @Test
    void settledNeedsEveryShardOwnedByALiveWorkerAndNoIdleWorker() {
        Set<String> live = Set.of("w1", "w2", "w3");

        assertThat(OwnershipHistory.allOwnedByLiveWorkersEachWorking(owners("w1", 4, "w2", 2, "w3", 2), live, 8))
                .isTrue();
        assertThat(OwnershipHistory.allOwnedByLiveWorkersEachWorking(owners("w1", 6, "w2", 2), live, 8)).isFalse();
        assertThat(OwnershipHistory.allOwnedByLiveWorkersEachWorking(owners("w1", 4, "w2", 2, "w3", 1), live, 8))
                .isFalse();
        assertThat(OwnershipHistory.allOwnedByLiveWorkersEachWorking(owners("w1", 4, "w2", 2, "x", 2), live, 8))
                .isFalse();
    }

    @Test
    void lastLineIsTheLatestByTime() {
        assertThat(history().lastLineAt()).isEmpty();

        at(300, "w1", Change.ACQUIRED, "s0");
        at(200, "w2", Change.LOST, "s1");

        assertThat(history().lastLineAt()).hasValue(300);
    }

    @Test
    void minimumMovesIsTheLargerOfSurplusAndDeficit() {
        // 10 shards, 3 workers 4/3/3, a 4th joins: 2 or 3 each -> the newcomer needs 2
        assertThat(OwnershipHistory.minimumMoves(Map.of("w1", 4, "w2", 3, "w3", 3), 4, 10)).isEqualTo(2);
        // 8 shards, 3 workers 3/3/2, a 4th joins: the mean is 2, so 1 to 3 each -> one move suffices
        assertThat(OwnershipHistory.minimumMoves(Map.of("w1", 3, "w2", 3, "w3", 2), 4, 8)).isEqualTo(1);
        // all on one worker, 4 workers, 8 shards: it must give away 5 (down to 3)
        assertThat(OwnershipHistory.minimumMoves(Map.of("w1", 8), 4, 8)).isEqualTo(5);
        assertThat(OwnershipHistory.minimumMoves(Map.of("w1", 3, "w2", 3), 2, 6)).isZero();
        assertThatThrownBy(() -> OwnershipHistory.minimumMoves(Map.of("w1", 1, "w2", 1), 1, 2))
                .hasMessageContaining("workers must be at least 1 and at least the 2 owners counted, was 1");
    }

    private static Map<String, String> owners(Object... workerAndCount) {
        Map<String, String> owners = new HashMap<>();
        int shard = 0;
        for (int i = 0; i < workerAndCount.length; i += 2) {
            for (int n = 0; n < (Integer) workerAndCount[i + 1]; n++) {
                owners.put("s" + shard++, (String) workerAndCount[i]);
            }
        }
        return owners;
    }
}
