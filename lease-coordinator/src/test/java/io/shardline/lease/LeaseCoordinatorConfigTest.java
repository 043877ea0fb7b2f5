package io.shardline.lease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class LeaseCoordinatorConfigTest {

    private static LeaseCoordinatorConfig.Builder valid() {
        return LeaseCoordinatorConfig.builder().workerId("w1");
    }

    private static void rejects(UnaryOperator<LeaseCoordinatorConfig.Builder> change, String... messageParts) {
        assertThatThrownBy(() -> change.apply(valid()).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContainingAll(messageParts);
    }

    @Test
    void defaultsMatchTheDocumentedValues() {
        LeaseCoordinatorConfig c = LeaseCoordinatorConfig.defaults();

        assertThat(c.heartbeatInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.failoverTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(c.selfFenceMargin()).isEqualTo(Duration.ofMillis(750));
        assertThat(c.handoffTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.leaseScanInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.leaseSyncInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.foreignOwnerTimeout()).isEqualTo(Duration.ofSeconds(15));
        assertThat(c.maxLeasesPerWorker()).isEqualTo(LeaseCoordinatorConfig.UNLIMITED);
        assertThat(c.autoCompleteHandoff()).isFalse();
        assertThat(c.workerId()).isNotBlank();
    }

    @Test
    void generatesADistinctWorkerIdPerConfigUnlessSet() {
        assertThat(LeaseCoordinatorConfig.defaults().workerId())
                .isNotEqualTo(LeaseCoordinatorConfig.defaults().workerId());
        assertThat(valid().build().workerId()).isEqualTo("w1");
    }

    @Test
    void toBuilderCopiesEveryValue() {
        LeaseCoordinatorConfig c = valid().heartbeatInterval(Duration.ofMillis(500)).maxLeasesPerWorker(7)
                .autoCompleteHandoff(true).selfFenceMargin(Duration.ofMillis(600)).build();

        LeaseCoordinatorConfig copy = c.toBuilder().build();

        assertThat(copy.toString()).isEqualTo(c.toString());
    }

    @Test
    void derivedSelfFenceMarginFollowsANewFailoverTimeoutButAnExplicitOneStays() {
        LeaseCoordinatorConfig derived = valid().build().toBuilder().failoverTimeout(Duration.ofSeconds(8)).build();
        LeaseCoordinatorConfig explicit = valid().selfFenceMargin(Duration.ofMillis(500)).build().toBuilder()
                .failoverTimeout(Duration.ofSeconds(8)).build();

        assertThat(derived.selfFenceMargin()).isEqualTo(Duration.ofSeconds(2));
        assertThat(explicit.selfFenceMargin()).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void rejectsBlankWorkerId() {
        rejects(b -> b.workerId("  "), "workerId", "'  '");
    }

    @Test
    void rejectsNullWorkerId() {
        rejects(b -> b.workerId(null), "workerId", "null");
    }

    @Test
    void rejectsOverlongWorkerId() {
        rejects(b -> b.workerId("w".repeat(257)), "workerId", "257");
    }

    @Test
    void rejectsZeroHeartbeatInterval() {
        rejects(b -> b.heartbeatInterval(Duration.ZERO), "heartbeatInterval", "PT0S");
    }

    @Test
    void rejectsNegativeFailoverTimeout() {
        rejects(b -> b.failoverTimeout(Duration.ofSeconds(-3)), "failoverTimeout", "PT-3S");
    }

    @Test
    void rejectsNullDuration() {
        rejects(b -> b.leaseScanInterval(null), "leaseScanInterval", "null");
    }

    @Test
    void rejectsZeroSelfFenceMargin() {
        rejects(b -> b.selfFenceMargin(Duration.ZERO), "selfFenceMargin", "PT0S");
    }

    @Test
    void rejectsNonPositiveHandoffTimeout() {
        rejects(b -> b.handoffTimeout(Duration.ofMillis(-1)), "handoffTimeout", "PT-0.001S");
    }

    @Test
    void rejectsNonPositiveLeaseSyncInterval() {
        rejects(b -> b.leaseSyncInterval(Duration.ZERO), "leaseSyncInterval", "PT0S");
    }

    @Test
    void rejectsNonPositiveForeignOwnerTimeout() {
        rejects(b -> b.foreignOwnerTimeout(Duration.ZERO), "foreignOwnerTimeout", "PT0S");
    }

    @Test
    void rejectsMaxLeasesPerWorkerBelowOne() {
        rejects(b -> b.maxLeasesPerWorker(0), "maxLeasesPerWorker", "0");
    }

    @Test
    void rejectsFailoverTimeoutShorterThanTwoHeartbeats() {
        rejects(b -> b.heartbeatInterval(Duration.ofSeconds(2)).failoverTimeout(Duration.ofSeconds(3))
                .handoffTimeout(Duration.ofSeconds(10)), "failoverTimeout", "2 x heartbeatInterval", "PT4S", "PT3S");
    }

    @Test
    void rejectsSelfFenceMarginThatLeavesLessThanOneHeartbeat() {
        rejects(b -> b.selfFenceMargin(Duration.ofSeconds(2)), "selfFenceMargin", "PT2S",
                "failoverTimeout - heartbeatInterval");
    }

    @Test
    void rejectsHandoffTimeoutShorterThanTwoHeartbeats() {
        rejects(b -> b.handoffTimeout(Duration.ofMillis(1500)), "handoffTimeout", "PT1.5S");
    }

    @Test
    void rejectsLeaseScanIntervalShorterThanAHeartbeat() {
        rejects(b -> b.leaseScanInterval(Duration.ofMillis(500)), "leaseScanInterval", "PT0.5S");
    }

    @Test
    void rejectsLeaseSyncIntervalShorterThanAHeartbeat() {
        rejects(b -> b.leaseSyncInterval(Duration.ofMillis(500)), "leaseSyncInterval", "PT0.5S");
    }

    @Test
    void rejectsANullAssignmentStrategy() {
        assertThatThrownBy(() -> valid().assignmentStrategy(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("assignmentStrategy");
    }

    @Test
    void rejectsANullLeaseEligibility() {
        assertThatThrownBy(() -> valid().leaseEligibility(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("leaseEligibility");
    }

    @Test
    void rejectsANullHeartbeatInterval() {
        rejects(b -> b.heartbeatInterval(null), "heartbeatInterval", "null");
    }

    @Test
    void rejectsForeignOwnerTimeoutShorterThanFailoverTimeout() {
        rejects(b -> b.foreignOwnerTimeout(Duration.ofSeconds(2)), "foreignOwnerTimeout", "failoverTimeout",
                "PT2S");
    }

    @Test
    void foreignFleetStoppedShortensTheForeignTimeoutToTheObservationWindow() {
        LeaseCoordinatorConfig normal = LeaseCoordinatorConfig.defaults();
        LeaseCoordinatorConfig stopped = LeaseCoordinatorConfig.builder().foreignFleetStopped(true).build();

        assertThat(normal.effectiveForeignOwnerTimeout()).isEqualTo(Duration.ofSeconds(15));
        assertThat(stopped.effectiveForeignOwnerTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(stopped.toBuilder().build().foreignFleetStopped()).isTrue();
        assertThat(LeaseCoordinatorConfig.builder().foreignOwnerTimeout(Duration.ofSeconds(4)).build()
                .effectiveForeignOwnerTimeout()).as("the window only matters with the switch")
                .isEqualTo(Duration.ofSeconds(4));
        assertThatThrownBy(() -> LeaseCoordinatorConfig.builder().foreignFleetStopped(true)
                .foreignOwnerObservation(Duration.ofSeconds(20)).build())
                .hasMessageContaining("foreignOwnerObservation").hasMessageContaining("PT20S");
        assertThatThrownBy(() -> LeaseCoordinatorConfig.builder().foreignFleetStopped(true)
                .foreignOwnerObservation(Duration.ofMillis(500)).build())
                .hasMessageContaining("foreignOwnerObservation").hasMessageContaining("PT0.5S");
    }
}
