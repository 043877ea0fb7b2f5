package io.shardline.lease.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardline.lease.Member;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class MemberObserverTest {

    private static final Duration FAILOVER = Duration.ofSeconds(3);
    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

    private final MemberObserver observer = new MemberObserver(FAILOVER, Duration.ofMinutes(1));

    private static Instant at(long millis) {
        return T0.plusMillis(millis);
    }

    @Test
    void memberSeenForTheFirstTimeCountsAsJustChanged() {
        observer.observe(List.of(new Member("w1", 500, 0, false)), at(0));
        observer.observe(List.of(new Member("w1", 500, 0, false)), at(2999));

        assertThat(observer.status("w1")).isEqualTo(MemberObserver.Status.LIVE);
    }

    @Test
    void memberIsDeadOnceAListingProvesItsCounterUnchangedForFailoverTimeout() {
        observer.observe(List.of(new Member("w1", 1, 0, false)), at(0));
        observer.observe(List.of(new Member("w1", 2, 0, false)), at(1000));
        observer.observe(List.of(new Member("w1", 2, 0, false)), at(4000));

        assertThat(observer.status("w1")).isEqualTo(MemberObserver.Status.DEAD);
        assertThat(observer.acceptingMembers()).isEmpty();
    }

    @Test
    void memberIsNotDeclaredDeadWhileThisWorkerCannotObserve() {
        observer.observe(List.of(new Member("w1", 1, 0, false)), at(0));
        // listings failed for ten seconds: nothing proves w1 stopped

        assertThat(observer.status("w1")).isEqualTo(MemberObserver.Status.LIVE);
        observer.observe(List.of(new Member("w1", 11, 0, false)), at(10_000));
        assertThat(observer.status("w1")).isEqualTo(MemberObserver.Status.LIVE);
    }

    @Test
    void unlistedMemberIsDepartedAndANeverSeenOneIsUnknown() {
        observer.observe(List.of(new Member("w1", 1, 0, false), new Member("w2", 1, 0, true)), at(0));
        assertThat(observer.status("w2")).isEqualTo(MemberObserver.Status.LEAVING);

        observer.observe(List.of(new Member("w1", 2, 0, false)), at(1000));

        assertThat(observer.status("w2")).isEqualTo(MemberObserver.Status.DEPARTED);
        assertThat(observer.status("kcl-worker")).isEqualTo(MemberObserver.Status.UNKNOWN);
    }

    @Test
    void membershipChangeIsReportedOncePerChange() {
        observer.observe(List.of(new Member("w1", 1, 0, false)), at(0));
        assertThat(observer.membershipChanged()).isTrue();
        observer.observe(List.of(new Member("w1", 2, 0, false)), at(1000));
        assertThat(observer.membershipChanged()).isFalse();

        observer.observe(List.of(new Member("w1", 3, 0, false), new Member("w2", 1, 0, false)), at(2000));

        assertThat(observer.membershipChanged()).isTrue();
        assertThat(observer.membershipChanged()).isFalse();
    }
}
