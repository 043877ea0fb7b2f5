package io.shardline.lease.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.shardline.lease.FleetLoad;
import io.shardline.lease.Lease;
import io.shardline.lease.LoadReading;
import io.shardline.lease.MemberStatus;
import io.shardline.lease.MemberStatus.LeaseStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LoadTrackerTest {

    private static final LoadReading READING = new LoadReading(Duration.ofSeconds(10), Duration.ofSeconds(35), 0.5);
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private final List<MemberStatus> published = new ArrayList<>();
    private final AtomicInteger reads = new AtomicInteger();
    private final LoadTracker tracker = new LoadTracker(READING, () -> {
        reads.incrementAndGet();
        return List.copyOf(published);
    }, "leader");

    @Test
    void aRateCountsOnlyFromTheSecondReportListingTheLease() {
        List<Lease> leases = List.of(lease("k1", "a"));
        publish("a", 1, Map.of("k1", 100.0));

        assertThat(tracker.load(leases, List.of("a"), T0).of("k1")).isEmpty();

        publish("a", 2, Map.of("k1", 100.0));
        FleetLoad load = tracker.load(leases, List.of("a"), T0.plusSeconds(10));

        assertThat(load.of("k1")).hasValueSatisfying(l -> assertThat(l.recordsPerSecond()).isEqualTo(100.0));
    }

    @Test
    void ratesAreSmoothed() {
        List<Lease> leases = List.of(lease("k1", "a"));
        publish("a", 1, Map.of("k1", 0.0));
        tracker.load(leases, List.of("a"), T0);
        publish("a", 2, Map.of("k1", 100.0));
        tracker.load(leases, List.of("a"), T0.plusSeconds(10));
        publish("a", 3, Map.of("k1", 200.0));

        FleetLoad load = tracker.load(leases, List.of("a"), T0.plusSeconds(20));

        assertThat(load.of("k1")).hasValueSatisfying(l -> assertThat(l.recordsPerSecond()).isEqualTo(150.0));
    }

    @Test
    void readsAtMostOncePerReadInterval() {
        List<Lease> leases = List.of(lease("k1", "a"));
        for (int s = 0; s < 30; s++) {
            tracker.load(leases, List.of("a"), T0.plusSeconds(s));
        }

        assertThat(reads).hasValue(3);
    }

    @Test
    void aMemberWhoseReportStopsChangingIsSilentAfterStaleAfter() {
        List<Lease> leases = List.of(lease("k1", "a"));
        publish("a", 1, Map.of("k1", 10.0));
        tracker.load(leases, List.of("a"), T0);
        publish("a", 2, Map.of("k1", 10.0));
        tracker.load(leases, List.of("a"), T0.plusSeconds(10));

        FleetLoad stillFresh = tracker.load(leases, List.of("a"), T0.plusSeconds(40));
        FleetLoad stale = tracker.load(leases, List.of("a"), T0.plusSeconds(50));

        assertThat(stillFresh.isReporting("a")).isTrue();
        assertThat(stale.isReporting("a")).isFalse();
        assertThat(stale.of("k1")).isEmpty();
    }

    @Test
    void aNewMemberHasAGraceBeforeItCountsAsSilent() {
        FleetLoad early = tracker.load(List.of(), List.of("new"), T0);
        FleetLoad late = tracker.load(List.of(), List.of("new"), T0.plusSeconds(36));

        assertThat(early.isReporting("new")).isTrue();
        assertThat(late.isReporting("new")).isFalse();
    }

    @Test
    void theOldHoldersRateIsNotUsedAfterAMove() {
        publish("a", 1, Map.of("k1", 100.0));
        tracker.load(List.of(lease("k1", "a")), List.of("a", "b"), T0);
        publish("a", 2, Map.of("k1", 100.0));
        tracker.load(List.of(lease("k1", "a")), List.of("a", "b"), T0.plusSeconds(10));

        FleetLoad afterMove = tracker.load(List.of(lease("k1", "b")), List.of("a", "b"), T0.plusSeconds(11));

        assertThat(afterMove.of("k1")).isEmpty();
    }

    @Test
    void aLeaseIsSettlingForMinResidenceAfterItChangedHolder() {
        FleetLoad first = tracker.load(List.of(lease("k1", "a")), List.of("a", "b"), T0);
        FleetLoad moved = tracker.load(List.of(lease("k1", "b")), List.of("a", "b"), T0.plusSeconds(5));
        FleetLoad later = tracker.load(List.of(lease("k1", "b")), List.of("a", "b"), T0.plusSeconds(66));

        assertThat(first.settling()).as("held before this leader started").isEmpty();
        assertThat(moved.settling()).containsExactly("k1");
        assertThat(later.settling()).isEmpty();
    }

    @Test
    void aLeaseFallingBehindDemandsMoreThanItsConsumedRate() {
        Duration interval = Duration.ofSeconds(10);
        LeaseStatus before = new LeaseStatus("k1", 1_000, 100, 0, null, "PROCESSING");
        LeaseStatus behind = new LeaseStatus("k1", 6_000, 100, 0, null, "PROCESSING"); // +5 s of lag in 10 s
        LeaseStatus catchingUp = new LeaseStatus("k1", 0, 100, 0, null, "PROCESSING");
        LeaseStatus unknown = new LeaseStatus("k1", -1, 100, 0, null, "PROCESSING");

        assertThat(LoadTracker.demandFactor(behind, before, interval)).isEqualTo(2.0);
        assertThat(LoadTracker.demandFactor(catchingUp, before, interval)).isCloseTo(1 / 1.1, within(1e-9));
        assertThat(LoadTracker.demandFactor(unknown, before, interval)).isEqualTo(1.0);
        assertThat(LoadTracker.demandFactor(new LeaseStatus("k1", 100_000, 1, 0, null, "P"), before, interval))
                .isCloseTo(5.0, within(1e-9));
    }

    private void publish(String member, long version, Map<String, Double> rates) {
        published.removeIf(s -> s.memberId().equals(member));
        List<LeaseStatus> leases = new ArrayList<>();
        rates.forEach((k, r) -> leases.add(new LeaseStatus(k, 0, r, r * 10, null, "PROCESSING")));
        published.add(new MemberStatus(member, T0.plusSeconds(version), Duration.ofSeconds(10), leases));
    }

    private static Lease lease(String key, String owner) {
        return Lease.unowned(key).withOwner(owner);
    }
}
