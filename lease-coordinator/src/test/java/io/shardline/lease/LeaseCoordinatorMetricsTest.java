package io.shardline.lease;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shardline.lease.testing.InMemoryCoordinationStore;
import io.shardline.lease.testing.InMemoryLeaseStore;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LeaseCoordinatorMetricsTest {

    @Test
    void reportsOwnedLeasesLeadershipAndAcquisitionsOfAPolledCoordinator() {
        InMemoryLeaseStore leases = InMemoryLeaseStore.create();
        InMemoryCoordinationStore coordination = InMemoryCoordinationStore.create();
        for (int i = 0; i < 3; i++) {
            leases.createIfAbsent(Lease.unowned("shard-" + i));
        }
        Instant[] now = {Instant.parse("2026-01-01T00:00:00Z")};
        Time clock = Time.of(() -> now[0].getEpochSecond() * 1_000_000_000L + now[0].getNano(), () -> now[0]);
        PolledLeaseCoordinator coordinator = LeaseCoordinator.polled(
                LeaseCoordinatorConfig.builder().workerId("w1").build(), leases, coordination,
                LeaseListener.noOp(), clock);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        LeaseCoordinatorMetrics.of(coordinator).bindTo(registry);
        coordinator.start();

        for (int round = 0; round < 5 && coordinator.ownedLeases().size() < 3; round++) {
            now[0] = coordinator.poll(now[0]);
        }

        assertThat(registry.get("shardline.leases.owned").tag("worker", "w1").gauge().value()).isEqualTo(3.0);
        assertThat(registry.get("shardline.coordinator.leader").gauge().value()).isEqualTo(1.0);
        assertThat(registry.get("shardline.lease.acquired").functionCounter().count()).isEqualTo(3.0);
        assertThat(registry.get("shardline.lease.takeovers").functionCounter().count()).isEqualTo(3.0);
        assertThat(registry.get("shardline.coordinator.rounds").functionCounter().count()).isPositive();
    }
}
