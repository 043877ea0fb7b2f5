package io.shardline.kcl.internal.advisor;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardline.kcl.advisor.AdvisorConfig;
import io.shardline.kcl.advisor.ApplyResult;
import io.shardline.kcl.advisor.ApplyResult.Outcome;
import io.shardline.kcl.advisor.CapacityMode;
import io.shardline.kcl.advisor.ReshardAction;
import java.math.BigInteger;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ApplierTest {

    private final AtomicLong nanos = new AtomicLong();
    private final FakeStreamOps ops = new FakeStreamOps(2);
    private final AdvisorConfig config = AdvisorConfig.builder().cooldown(Duration.ofMinutes(5)).build();
    private final Applier applier = new Applier(config, ops, nanos::get, "s");
    private final ReshardAction split = new ReshardAction.Split("shardId-0", BigInteger.valueOf(1000));

    @Test
    void dryRunCallsNothing() {
        ApplyResult result = applier.apply(split, false);
        assertThat(result.outcome()).isEqualTo(Outcome.DRY_RUN);
        assertThat(ops.calls).isEmpty();
    }

    @Test
    void appliesThenHoldsTheCooldown() {
        assertThat(applier.apply(split, true).outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(ops.calls).containsExactly("split shardId-0 at 1000");
        nanos.addAndGet(Duration.ofMinutes(4).toNanos());
        ApplyResult second = applier.apply(new ReshardAction.Merge("shardId-0", "shardId-1"), true);
        assertThat(second.outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(second.detail()).contains("cool-down");
        nanos.addAndGet(Duration.ofMinutes(2).toNanos());
        assertThat(applier.apply(new ReshardAction.Merge("shardId-0", "shardId-1"), true).outcome())
                .isEqualTo(Outcome.APPLIED);
    }

    @Test
    void neverDuringAnotherReshard() {
        ops.status = "UPDATING";
        assertThat(applier.apply(split, true).outcome()).isEqualTo(Outcome.REFUSED);
        ops.status = "ACTIVE";
        // A parent and its two children all open: hash ranges overlap, a reshard is under way.
        ops.shards.add(new StreamOps.OpenShard("shardId-2", Loads.start(0, 2), BigInteger.TEN));
        ApplyResult result = applier.apply(split, true);
        assertThat(result.outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(result.detail()).contains("another reshard");
        assertThat(ops.calls).isEmpty();
    }

    @Test
    void refusesOnDemandStreams() {
        ops.mode = CapacityMode.ON_DEMAND;
        assertThat(applier.apply(split, true).detail()).contains("on-demand");
        assertThat(ops.calls).isEmpty();
    }

    @Test
    void refusesASplitKeyOutsideTheShardOrAGoneShard() {
        assertThat(applier.apply(new ReshardAction.Split("shardId-0", BigInteger.ZERO), true).outcome())
                .isEqualTo(Outcome.REFUSED);
        assertThat(applier.apply(new ReshardAction.Split("shardId-9", BigInteger.TEN), true).detail())
                .contains("no longer open");
        assertThat(ops.calls).isEmpty();
    }

    @Test
    void updateShardCountQuotaAndDoubleHalfLimits() {
        AdvisorConfig noCooldown = config.toBuilder().cooldown(Duration.ZERO).updateShardCountCallsPerDay(2).build();
        Applier quick = new Applier(noCooldown, ops, nanos::get, "s");
        assertThat(quick.apply(new ReshardAction.UpdateShardCount(2, 5), true).detail()).contains("more than double");
        assertThat(quick.apply(new ReshardAction.UpdateShardCount(2, 4), true).outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(quick.apply(new ReshardAction.UpdateShardCount(2, 3), true).outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(quick.apply(new ReshardAction.UpdateShardCount(2, 4), true).detail()).contains("quota");
        nanos.addAndGet(Duration.ofHours(24).toNanos());
        assertThat(quick.apply(new ReshardAction.UpdateShardCount(2, 4), true).outcome()).isEqualTo(Outcome.APPLIED);
    }

    @Test
    void aFailedCallIsReportedAndStartsTheCooldown() {
        ops.failure = new IllegalStateException("LimitExceededException");
        assertThat(applier.apply(split, true).outcome()).isEqualTo(Outcome.FAILED);
        ops.failure = null;
        assertThat(applier.apply(split, true).detail()).contains("cool-down");
    }
}
