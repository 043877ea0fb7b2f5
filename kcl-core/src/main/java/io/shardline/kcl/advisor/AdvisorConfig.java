package io.shardline.kcl.advisor;

import io.shardline.lease.internal.shared.ConfigChecks;
import java.time.Duration;

/**
 * The reshard advisor's thresholds and guardrails. Immutable; {@link #builder()}, {@link #toBuilder()},
 * {@link #defaults()}. The write limits default to the Kinesis per-shard limits (1 MiB/s, 1,000 records/s); they are
 * settable because emulators enforce none (tests set them low).
 */
public final class AdvisorConfig {

    /** Kinesis write limit per shard, bytes per second. */
    public static final long SHARD_WRITE_BYTES_PER_SECOND = 1024 * 1024;
    /** Kinesis write limit per shard, records per second. */
    public static final double SHARD_WRITE_RECORDS_PER_SECOND = 1000;
    /** UpdateShardCount calls Kinesis allows per stream in a rolling 24 hours. */
    public static final int UPDATE_SHARD_COUNT_CALLS_PER_DAY = 10;

    private final long writeLimitBytesPerSecond;
    private final double writeLimitRecordsPerSecond;
    private final double hotUtilization;
    private final double coldUtilization;
    private final double modestUtilization;
    private final double uniformTolerance;
    private final double targetUtilization;
    private final double lagGrowthMillisPerSecond;
    private final Duration minLag;
    private final double readThrottlesPerSecond;
    private final long minSamples;
    private final Duration window;
    private final Duration evaluationInterval;
    private final boolean autoApply;
    private final Duration cooldown;
    private final int updateShardCountCallsPerDay;

    private AdvisorConfig(Builder b) {
        this.writeLimitBytesPerSecond = b.writeLimitBytesPerSecond;
        this.writeLimitRecordsPerSecond = b.writeLimitRecordsPerSecond;
        this.hotUtilization = b.hotUtilization;
        this.coldUtilization = b.coldUtilization;
        this.modestUtilization = b.modestUtilization;
        this.uniformTolerance = b.uniformTolerance;
        this.targetUtilization = b.targetUtilization;
        this.lagGrowthMillisPerSecond = b.lagGrowthMillisPerSecond;
        this.minLag = b.minLag;
        this.readThrottlesPerSecond = b.readThrottlesPerSecond;
        this.minSamples = b.minSamples;
        this.window = b.window;
        this.evaluationInterval = b.evaluationInterval;
        this.autoApply = b.autoApply;
        this.cooldown = b.cooldown;
        this.updateShardCountCallsPerDay = b.updateShardCountCallsPerDay;
    }

    public static Builder builder() {
        return new Builder();
    }

    public static AdvisorConfig defaults() {
        return builder().build();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Write limit per shard in bytes/s (default 1 MiB/s). */
    public long writeLimitBytesPerSecond() {
        return writeLimitBytesPerSecond;
    }

    /** Write limit per shard in records/s (default 1,000). */
    public double writeLimitRecordsPerSecond() {
        return writeLimitRecordsPerSecond;
    }

    /** Utilization at or above which a shard is producer-hot (default 0.8). */
    public double hotUtilization() {
        return hotUtilization;
    }

    /** Utilization below which a shard is cold, a merge candidate (default 0.25). */
    public double coldUtilization() {
        return coldUtilization;
    }

    /** Utilization below which a lagging shard is consumer-bound rather than hot (default 0.5). */
    public double modestUtilization() {
        return modestUtilization;
    }

    /** How far max/mean utilization may exceed 1 for the load to count as uniform (default 0.25). */
    public double uniformTolerance() {
        return uniformTolerance;
    }

    /** The per-shard utilization an UpdateShardCount aims at (default 0.5). */
    public double targetUtilization() {
        return targetUtilization;
    }

    /** Lag growth (ms of lag per second) at which lag counts as growing (default 100). */
    public double lagGrowthMillisPerSecond() {
        return lagGrowthMillisPerSecond;
    }

    /** Lag below which a shard is never consumer-bound (default 10 s). */
    public Duration minLag() {
        return minLag;
    }

    /** GetRecords throttles per second at which a shard is read-throttled (default 0.1). */
    public double readThrottlesPerSecond() {
        return readThrottlesPerSecond;
    }

    /** Records a shard must have shown in the window before it is judged (default 50). */
    public long minSamples() {
        return minSamples;
    }

    /** The sliding observation window (default 60 s). */
    public Duration window() {
        return window;
    }

    /** How often a started advisor evaluates (default 30 s). */
    public Duration evaluationInterval() {
        return evaluationInterval;
    }

    /** Whether the advisor makes the reshard calls itself (default false: it logs what it would do). */
    public boolean autoApply() {
        return autoApply;
    }

    /** Minimum time between two applied actions, and after a reshard completes (default 10 min). */
    public Duration cooldown() {
        return cooldown;
    }

    /** UpdateShardCount calls allowed per rolling 24 hours (default and AWS maximum 10). */
    public int updateShardCountCallsPerDay() {
        return updateShardCountCallsPerDay;
    }

    @Override
    public String toString() {
        return "AdvisorConfig[writeLimit=" + writeLimitBytesPerSecond + " B/s, " + writeLimitRecordsPerSecond
                + " rec/s, hot>=" + hotUtilization + ", cold<" + coldUtilization + ", window=" + window
                + ", autoApply=" + autoApply + ", cooldown=" + cooldown + "]";
    }

    /** Builds an {@link AdvisorConfig}; {@link #build()} validates every field. */
    public static final class Builder {

        private static final ConfigChecks CHECK = ConfigChecks.of("AdvisorConfig");

        private long writeLimitBytesPerSecond = SHARD_WRITE_BYTES_PER_SECOND;
        private double writeLimitRecordsPerSecond = SHARD_WRITE_RECORDS_PER_SECOND;
        private double hotUtilization = 0.8;
        private double coldUtilization = 0.25;
        private double modestUtilization = 0.5;
        private double uniformTolerance = 0.25;
        private double targetUtilization = 0.5;
        private double lagGrowthMillisPerSecond = 100;
        private Duration minLag = Duration.ofSeconds(10);
        private double readThrottlesPerSecond = 0.1;
        private long minSamples = 50;
        private Duration window = Duration.ofSeconds(60);
        private Duration evaluationInterval = Duration.ofSeconds(30);
        private boolean autoApply;
        private Duration cooldown = Duration.ofMinutes(10);
        private int updateShardCountCallsPerDay = UPDATE_SHARD_COUNT_CALLS_PER_DAY;

        private Builder() {
        }

        private Builder(AdvisorConfig c) {
            writeLimitBytesPerSecond = c.writeLimitBytesPerSecond;
            writeLimitRecordsPerSecond = c.writeLimitRecordsPerSecond;
            hotUtilization = c.hotUtilization;
            coldUtilization = c.coldUtilization;
            modestUtilization = c.modestUtilization;
            uniformTolerance = c.uniformTolerance;
            targetUtilization = c.targetUtilization;
            lagGrowthMillisPerSecond = c.lagGrowthMillisPerSecond;
            minLag = c.minLag;
            readThrottlesPerSecond = c.readThrottlesPerSecond;
            minSamples = c.minSamples;
            window = c.window;
            evaluationInterval = c.evaluationInterval;
            autoApply = c.autoApply;
            cooldown = c.cooldown;
            updateShardCountCallsPerDay = c.updateShardCountCallsPerDay;
        }

        public Builder writeLimitBytesPerSecond(long v) {
            writeLimitBytesPerSecond = v;
            return this;
        }

        public Builder writeLimitRecordsPerSecond(double v) {
            writeLimitRecordsPerSecond = v;
            return this;
        }

        public Builder hotUtilization(double v) {
            hotUtilization = v;
            return this;
        }

        public Builder coldUtilization(double v) {
            coldUtilization = v;
            return this;
        }

        public Builder modestUtilization(double v) {
            modestUtilization = v;
            return this;
        }

        public Builder uniformTolerance(double v) {
            uniformTolerance = v;
            return this;
        }

        public Builder targetUtilization(double v) {
            targetUtilization = v;
            return this;
        }

        public Builder lagGrowthMillisPerSecond(double v) {
            lagGrowthMillisPerSecond = v;
            return this;
        }

        public Builder minLag(Duration v) {
            minLag = v;
            return this;
        }

        public Builder readThrottlesPerSecond(double v) {
            readThrottlesPerSecond = v;
            return this;
        }

        public Builder minSamples(long v) {
            minSamples = v;
            return this;
        }

        public Builder window(Duration v) {
            window = v;
            return this;
        }

        public Builder evaluationInterval(Duration v) {
            evaluationInterval = v;
            return this;
        }

        public Builder autoApply(boolean v) {
            autoApply = v;
            return this;
        }

        public Builder cooldown(Duration v) {
            cooldown = v;
            return this;
        }

        public Builder updateShardCountCallsPerDay(int v) {
            updateShardCountCallsPerDay = v;
            return this;
        }

        public AdvisorConfig build() {
            CHECK.positive("writeLimitBytesPerSecond", writeLimitBytesPerSecond);
            CHECK.positive("writeLimitRecordsPerSecond", writeLimitRecordsPerSecond);
            CHECK.fraction("coldUtilization", coldUtilization);
            CHECK.fraction("modestUtilization", modestUtilization);
            CHECK.fraction("targetUtilization", targetUtilization);
            CHECK.check(hotUtilization > coldUtilization && !Double.isNaN(hotUtilization), "hotUtilization",
                    hotUtilization, "must be > coldUtilization (" + coldUtilization + ")");
            CHECK.check(uniformTolerance >= 0, "uniformTolerance", uniformTolerance, "must be >= 0");
            CHECK.positive("lagGrowthMillisPerSecond", lagGrowthMillisPerSecond);
            CHECK.positive("readThrottlesPerSecond", readThrottlesPerSecond);
            CHECK.atLeast("minSamples", minSamples, 1);
            CHECK.nonNegative("minLag", minLag);
            CHECK.nonNegative("cooldown", cooldown);
            CHECK.atLeast("window", window, "1s", Duration.ofSeconds(1));
            CHECK.positive("evaluationInterval", evaluationInterval);
            CHECK.check(updateShardCountCallsPerDay >= 0
                            && updateShardCountCallsPerDay <= UPDATE_SHARD_COUNT_CALLS_PER_DAY,
                    "updateShardCountCallsPerDay", updateShardCountCallsPerDay,
                    "must be in 0.." + UPDATE_SHARD_COUNT_CALLS_PER_DAY + " (the Kinesis quota)");
            return new AdvisorConfig(this);
        }
    }
}
