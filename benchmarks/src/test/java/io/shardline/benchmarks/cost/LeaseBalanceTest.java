package io.shardline.benchmarks.cost;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LeaseBalanceTest {

    private static final List<String> WORKERS = List.of("w1", "w2", "w3");

    @Test
    void eightShardsOverThreeWorkersAreBalancedAtThreeThreeTwo() {
        Map<String, String> owners = Map.of("s0", "w1", "s1", "w1", "s2", "w1", "s3", "w2", "s4", "w2", "s5", "w2",
                "s6", "w3", "s7", "w3");

        assertThat(LeaseBalance.balanced(owners, 8, WORKERS)).isTrue();
    }

    @Test
    void aWorkerWithOneLeaseTooFewIsNotBalanced() {
        Map<String, String> owners = Map.of("s0", "w1", "s1", "w1", "s2", "w1", "s3", "w1", "s4", "w2", "s5", "w2",
                "s6", "w3", "s7", "w2");

        assertThat(LeaseBalance.balanced(owners, 8, WORKERS)).isFalse();
    }

    @Test
    void unheldShardsOrUnknownOwnersAreNotBalanced() {
        assertThat(LeaseBalance.balanced(Map.of("s0", "w1", "s1", "w2"), 3, WORKERS)).isFalse();
        assertThat(LeaseBalance.balanced(Map.of("s0", "w1", "s1", "w2", "s2", "w9"), 3, WORKERS)).isFalse();
    }
}
