package io.shardline.lease.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardline.lease.Lease;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class OwnedLeasesTest {

    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

    private final OwnedLeases owned = new OwnedLeases();

    private OwnedLeases.Entry own(String key) {
        return owned.add(Lease.unowned(key).withOwner("w1").withCounter(1));
    }

    @Test
    void aNewLeaseIsHeldWithoutHandoff() {
        OwnedLeases.Entry e = own("shard-0");
        assertThat(e.hold()).isEqualTo(new OwnedLeases.Held());
        assertThat(e.hold().isHandoffPending()).isFalse();
        assertThat(e.hold().target()).isNull();
    }

    @Test
    void announceThenCompleteCarriesTargetAndForceTime() {
        OwnedLeases.Entry e = own("shard-0");
        owned.announce("shard-0", "w2", T);
        assertThat(e.hold()).isEqualTo(new OwnedLeases.HandoffAnnounced("w2", T));
        assertThat(owned.requestCompletion("shard-0")).isTrue();
        assertThat(e.hold()).isEqualTo(new OwnedLeases.Completing("w2", T));
        assertThat(owned.requestCompletion("shard-0")).as("a second completeHandoff keeps completing").isTrue();
        assertThat(e.hold()).isEqualTo(new OwnedLeases.Completing("w2", T));
    }

    @Test
    void completionWithoutAnnouncedHandoffChangesNothing() {
        OwnedLeases.Entry e = own("shard-0");
        assertThat(owned.requestCompletion("shard-0")).isFalse();
        assertThat(owned.requestCompletion("not-owned")).isFalse();
        assertThat(e.hold()).isEqualTo(new OwnedLeases.Held());
    }

    @Test
    void aSecondAnnouncementIsIllegal() {
        own("shard-0");
        owned.announce("shard-0", null, null);
        assertThatThrownBy(() -> owned.announce("shard-0", "w2", T)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("announce").hasMessageContaining("shard-0");
    }

    @Test
    void retargetAndForceOnlyApplyToPendingHandoffs() {
        OwnedLeases.Entry e = own("shard-0");
        assertThatThrownBy(() -> owned.retarget("shard-0", "w3")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> owned.forceBy("shard-0", T)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> owned.announce("gone", "w2", T)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not owned");

        owned.announce("shard-0", "w2", null); // leader-requested: no force time
        owned.retarget("shard-0", "w3");
        assertThat(e.hold()).isEqualTo(new OwnedLeases.HandoffAnnounced("w3", null));
        owned.forceBy("shard-0", T);
        assertThat(e.hold()).isEqualTo(new OwnedLeases.HandoffAnnounced("w3", T));
        owned.forceBy("shard-0", T.plusSeconds(5));
        assertThat(e.hold().forceAt()).as("an existing force time is kept").isEqualTo(T);

        owned.requestCompletion("shard-0");
        owned.retarget("shard-0", null);
        assertThat(e.hold()).isEqualTo(new OwnedLeases.Completing(null, T));
    }

    @Test
    void updatingTheRowKeepsTheHoldAndAReAddStartsHeld() {
        OwnedLeases.Entry e = own("shard-0");
        owned.announce("shard-0", "w2", T);
        Lease reread = e.lease().withPendingOwner("w2");
        owned.updateLease(reread);
        assertThat(e.lease()).isEqualTo(reread);
        assertThat(e.hold()).isEqualTo(new OwnedLeases.HandoffAnnounced("w2", T));

        owned.remove("shard-0");
        assertThat(owned.get("shard-0")).isNull();
        assertThat(own("shard-0").hold()).isEqualTo(new OwnedLeases.Held());
    }

    @Test
    void publishExposesTheTokens() {
        OwnedLeases.Entry e = own("shard-0");
        assertThat(owned.tokens()).isEmpty();
        owned.publish();
        assertThat(owned.tokens()).containsEntry("shard-0", e.token());
    }
}
