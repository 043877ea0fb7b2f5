package io.shardline.kcl.internal.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardline.lease.MemberStatus;
import io.shardline.lease.MemberStatus.LeaseStatus;
import io.shardline.lease.testing.InMemoryCoordinationStore;
import io.shardline.lease.testing.StoreOperation;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class StatusPublisherTest {

    private static final Instant T0 = Instant.parse("2026-12-06T12:00:00Z");

    private final InMemoryCoordinationStore store = InMemoryCoordinationStore.create();
    private final AtomicLong nanos = new AtomicLong();
    private Instant wall = T0;
    private final List<StatusPublisher.Sample> samples = new ArrayList<>();
    private final StatusPublisher publisher = new StatusPublisher("w1", store, () -> List.copyOf(samples),
            Duration.ofSeconds(10), new Clock() {
                @Override
                public ZoneOffset getZone() {
                    return ZoneOffset.UTC;
                }

                @Override
                public Clock withZone(java.time.ZoneId zone) {
                    return this;
                }

                @Override
                public Instant instant() {
                    return wall;
                }
            }, nanos::get);

    @Test
    void ratesAreMeasuredOverTheMonotonicIntervalAndCheckpointTimeIsWhenItAdvanced() {
        samples.add(new StatusPublisher.Sample("s1", "PROCESSING", 100, 10_000, 5_000, "cp-1"));
        publisher.publish();
        LeaseStatus first = only(store.listStatuses());
        assertThat(first.recordsPerSecond()).isZero();
        assertThat(first.lastCheckpointAt()).as("not seen advancing yet").isNull();

        advance(Duration.ofSeconds(10));
        samples.set(0, new StatusPublisher.Sample("s1", "PROCESSING", 600, 60_000, 0, "cp-2"));
        publisher.publish();
        LeaseStatus second = only(store.listStatuses());
        assertThat(second.recordsPerSecond()).isEqualTo(50.0);
        assertThat(second.bytesPerSecond()).isEqualTo(5_000.0);
        assertThat(second.millisBehindLatest()).isZero();
        assertThat(second.lastCheckpointAt()).isEqualTo(T0.plusSeconds(10));
        assertThat(second.phase()).isEqualTo("PROCESSING");

        advance(Duration.ofSeconds(10));
        samples.set(0, new StatusPublisher.Sample("s1", "SHUTTING_DOWN", 600, 60_000, 0, "cp-2"));
        publisher.publish();
        LeaseStatus third = only(store.listStatuses());
        assertThat(third.recordsPerSecond()).isZero();
        assertThat(third.lastCheckpointAt()).as("unchanged checkpoint keeps its time").isEqualTo(T0.plusSeconds(10));
        assertThat(third.phase()).isEqualTo("SHUTTING_DOWN");
    }

    @Test
    void oneWritePerPublicationWhateverTheNumberOfShards() {
        for (int i = 0; i < 50; i++) {
            samples.add(new StatusPublisher.Sample("s" + i, "PROCESSING", i, i, 0, null));
        }
        store.resetOperationCounts();
        publisher.publish();
        publisher.publish();
        assertThat(store.operationCounts().writes()).isEqualTo(2);
        assertThat(store.listStatuses().get(0).leases()).hasSize(50);
    }

    @Test
    void aFailedWriteIsSwallowedAndTheNextOneGoesThrough() {
        samples.add(new StatusPublisher.Sample("s1", "PROCESSING", 1, 1, 0, null));
        store.failNext(StoreOperation.PUBLISH_STATUS, () -> new IllegalStateException("boom"));
        publisher.publish();
        assertThat(store.listStatuses()).isEmpty();
        publisher.publish();
        assertThat(store.listStatuses()).extracting(MemberStatus::memberId).containsExactly("w1");
    }

    private void advance(Duration d) {
        nanos.addAndGet(d.toNanos());
        wall = wall.plus(d);
    }

    private static LeaseStatus only(List<MemberStatus> statuses) {
        assertThat(statuses).hasSize(1);
        assertThat(statuses.get(0).leases()).hasSize(1);
        return statuses.get(0).leases().get(0);
    }
}
