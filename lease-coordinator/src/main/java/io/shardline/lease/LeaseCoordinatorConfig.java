package io.shardline.lease;

import io.shardline.lease.internal.shared.ConfigChecks;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;

/**
 * Immutable, validated configuration of a {@link LeaseCoordinator}. {@link #builder()} starts from the defaults;
 * {@link #toBuilder()} copies. {@link Builder#build()} rejects a bad value or a bad combination with an
 * {@link IllegalArgumentException} naming the field and the value.
 *
 * <p>Timing in one picture (defaults): every {@code heartbeatInterval} (1 s) a worker heartbeats and observes; a
 * peer is dead after {@code failoverTimeout} (3 s) without its counter changing; a worker that could not heartbeat
 * for {@code failoverTimeout - selfFenceMargin} (2.25 s) drops its leases first. Store calls must time out well
 * within {@code selfFenceMargin}: a round blocked in a call cannot fence in time.
 *
 * <p><b>Leases of another library</b> (Amazon KCL during a migration): their owner is not a member, so it is judged
 * by its {@code leaseCounter}, which a KCL worker bumps on every renewal (every {@code failoverTimeMillis / 3},
 * 3.3 s by KCL's default). A lease whose counter did not move for {@code foreignOwnerTimeout} (15 s) is taken. When
 * the operator knows the other fleet is stopped, {@code foreignFleetStopped(true)} shortens that to
 * {@code foreignOwnerObservation} (5 s): long enough to see a renewal of any KCL worker that still runs with the
 * default renewal period, so a lease whose counter moves is still never taken (and is WARNed about); set the window
 * above the other fleet's renewal period if it is not KCL's default. Off by default.
 */
public final class LeaseCoordinatorConfig {

    /** {@link #maxLeasesPerWorker()} when unlimited. */
    public static final int UNLIMITED = Integer.MAX_VALUE;

    private final String workerId;
    private final Duration heartbeatInterval;
    private final Duration failoverTimeout;
    private final Duration selfFenceMargin;
    private final boolean selfFenceMarginSet;
    private final Duration handoffTimeout;
    private final Duration leaseScanInterval;
    private final Duration leaseSyncInterval;
    private final Duration foreignOwnerTimeout;
    private final boolean foreignFleetStopped;
    private final Duration foreignOwnerObservation;
    private final int maxLeasesPerWorker;
    private final AssignmentStrategy assignmentStrategy;
    private final LeaseEligibility leaseEligibility;
    private final boolean autoCompleteHandoff;

    private LeaseCoordinatorConfig(Builder b) {
        this.workerId = b.workerId != null ? b.workerId : Builder.generatedWorkerId();
        this.heartbeatInterval = b.heartbeatInterval;
        this.failoverTimeout = b.failoverTimeout;
        this.selfFenceMarginSet = b.selfFenceMargin != null;
        this.selfFenceMargin = selfFenceMarginSet ? b.selfFenceMargin : b.failoverTimeout.dividedBy(4);
        this.handoffTimeout = b.handoffTimeout;
        this.leaseScanInterval = b.leaseScanInterval;
        this.leaseSyncInterval = b.leaseSyncInterval;
        this.foreignOwnerTimeout = b.foreignOwnerTimeout;
        this.foreignFleetStopped = b.foreignFleetStopped;
        this.foreignOwnerObservation = b.foreignOwnerObservation;
        this.maxLeasesPerWorker = b.maxLeasesPerWorker;
        this.assignmentStrategy = b.assignmentStrategy;
        this.leaseEligibility = b.leaseEligibility;
        this.autoCompleteHandoff = b.autoCompleteHandoff;
    }

    /** Every default, with a newly generated worker id ({@code <host>-<8 hex>}). */
    public static LeaseCoordinatorConfig defaults() {
        return builder().build();
    }

    /** A builder holding the defaults; unless {@code workerId} is set, {@code build()} generates one. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder holding these values.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.workerId = workerId;
        b.workerIdSet = true;
        b.heartbeatInterval = heartbeatInterval;
        b.failoverTimeout = failoverTimeout;
        b.selfFenceMargin = selfFenceMarginSet ? selfFenceMargin : null;
        b.handoffTimeout = handoffTimeout;
        b.leaseScanInterval = leaseScanInterval;
        b.leaseSyncInterval = leaseSyncInterval;
        b.foreignOwnerTimeout = foreignOwnerTimeout;
        b.foreignFleetStopped = foreignFleetStopped;
        b.foreignOwnerObservation = foreignOwnerObservation;
        b.maxLeasesPerWorker = maxLeasesPerWorker;
        b.assignmentStrategy = assignmentStrategy;
        b.leaseEligibility = leaseEligibility;
        b.autoCompleteHandoff = autoCompleteHandoff;
        return b;
    }

    /** This worker's id: its member item, the {@code leaseOwner} of its leases, the name of its thread. */
    public String workerId() {
        return workerId;
    }

    /** How often a worker heartbeats, observes members and the leader, and (as leader) renews: one round. */
    public Duration heartbeatInterval() {
        return heartbeatInterval;
    }

    /** A member (or leader) is dead when its counter has not changed for this long on the observer's clock. */
    public Duration failoverTimeout() {
        return failoverTimeout;
    }

    /**
     * A worker drops its leases (and leadership) once its last successful heartbeat (renewal) was sent more than
     * {@code failoverTimeout - selfFenceMargin} ago. Default {@code failoverTimeout / 4}, derived again when
     * {@code failoverTimeout} changes unless set explicitly.
     */
    public Duration selfFenceMargin() {
        return selfFenceMargin;
    }

    /** How long the leader waits for an owner to complete a requested handoff before forcing it (also at shutdown). */
    public Duration handoffTimeout() {
        return handoffTimeout;
    }

    /** The leader reads all leases and plans at least this often (and at once on a membership change). */
    public Duration leaseScanInterval() {
        return leaseScanInterval;
    }

    /** A worker re-reads its own leases at least this often (and at once when its inbox version changes). */
    public Duration leaseSyncInterval() {
        return leaseSyncInterval;
    }

    /**
     * A lease whose owner is not a Shardline member (a KCL worker) is taken once its {@code leaseCounter} has not
     * changed for this long. Default 15 s: KCL renews every ~3.3 s with its default 10 s failover.
     */
    public Duration foreignOwnerTimeout() {
        return foreignOwnerTimeout;
    }

    /**
     * The operator says the other library's fleet (KCL) is stopped: a foreign owner's lease is taken once its counter
     * stood still for {@link #foreignOwnerObservation()} instead of {@link #foreignOwnerTimeout()}.
     */
    public boolean foreignFleetStopped() {
        return foreignFleetStopped;
    }

    /** How long a foreign owner's counter must stand still before its lease is taken when the fleet is stopped. */
    public Duration foreignOwnerObservation() {
        return foreignOwnerObservation;
    }

    /** How long a foreign owner's counter must stand still before its lease is taken, as configured. */
    public Duration effectiveForeignOwnerTimeout() {
        return foreignFleetStopped ? foreignOwnerObservation : foreignOwnerTimeout;
    }

    /** The most leases the leader gives one worker; {@link #UNLIMITED} by default. */
    public int maxLeasesPerWorker() {
        return maxLeasesPerWorker;
    }

    /** How the leader spreads the leases over the live workers. */
    public AssignmentStrategy assignmentStrategy() {
        return assignmentStrategy;
    }

    /** Which leases may be assigned and taken now. */
    public LeaseEligibility leaseEligibility() {
        return leaseEligibility;
    }

    /**
     * When true, the coordinator completes every handoff itself right after delivering
     * {@link LeaseEvent.HandoffRequested} (no processor to stop: lease-coordinator used alone). When false (the
     * default, for the consumer layer) the move waits for {@link LeaseCoordinator#completeHandoff}, or is forced
     * after {@link #handoffTimeout()}.
     */
    public boolean autoCompleteHandoff() {
        return autoCompleteHandoff;
    }

    @Override
    public String toString() {
        return "LeaseCoordinatorConfig{workerId=" + workerId + ", heartbeatInterval=" + heartbeatInterval
                + ", failoverTimeout=" + failoverTimeout + ", selfFenceMargin=" + selfFenceMargin
                + ", handoffTimeout=" + handoffTimeout + ", leaseScanInterval=" + leaseScanInterval
                + ", leaseSyncInterval=" + leaseSyncInterval + ", foreignOwnerTimeout=" + foreignOwnerTimeout
                + (foreignFleetStopped ? ", foreignFleetStopped (observation " + foreignOwnerObservation + ")" : "")
                + ", maxLeasesPerWorker=" + (maxLeasesPerWorker == UNLIMITED ? "unlimited" : maxLeasesPerWorker)
                + ", autoCompleteHandoff=" + autoCompleteHandoff + "}";
    }

    /** Mutable builder; {@link #build()} validates. */
    public static final class Builder {

        private static final ConfigChecks CHECK = ConfigChecks.of("LeaseCoordinatorConfig");

        private String workerId;
        private boolean workerIdSet;
        private Duration heartbeatInterval = Duration.ofSeconds(1);
        private Duration failoverTimeout = Duration.ofSeconds(3);
        private Duration selfFenceMargin;
        private Duration handoffTimeout = Duration.ofSeconds(10);
        private Duration leaseScanInterval = Duration.ofSeconds(10);
        private Duration leaseSyncInterval = Duration.ofSeconds(10);
        private Duration foreignOwnerTimeout = Duration.ofSeconds(15);
        private boolean foreignFleetStopped;
        private Duration foreignOwnerObservation = Duration.ofSeconds(5);
        private int maxLeasesPerWorker = UNLIMITED;
        private AssignmentStrategy assignmentStrategy = AssignmentStrategy.countBalanced();
        private LeaseEligibility leaseEligibility = LeaseEligibility.notFinished();
        private boolean autoCompleteHandoff;

        private Builder() {
        }

        /**
         * Sets {@link LeaseCoordinatorConfig#workerId()}.
         *
         * @param workerId the value (checked by {@code build()})
         * @return this builder
         */
        public Builder workerId(String workerId) {
            this.workerId = workerId;
            this.workerIdSet = true;
            return this;
        }

        /**
         * Sets {@link LeaseCoordinatorConfig#heartbeatInterval()}.
         *
         * @param heartbeatInterval the value (checked by {@code build()})
         * @return this builder
         */
        public Builder heartbeatInterval(Duration heartbeatInterval) {
            this.heartbeatInterval = heartbeatInterval;
            return this;
        }

        /**
         * Sets {@link LeaseCoordinatorConfig#failoverTimeout()}.
         *
         * @param failoverTimeout the value (checked by {@code build()})
         * @return this builder
         */
        public Builder failoverTimeout(Duration failoverTimeout) {
            this.failoverTimeout = failoverTimeout;
            return this;
        }

        /** Null restores the derived default ({@code failoverTimeout / 4}). */
        public Builder selfFenceMargin(Duration selfFenceMargin) {
            this.selfFenceMargin = selfFenceMargin;
            return this;
        }

        /**
         * Sets {@link LeaseCoordinatorConfig#handoffTimeout()}.
         *
         * @param handoffTimeout the value (checked by {@code build()})
         * @return this builder
         */
        public Builder handoffTimeout(Duration handoffTimeout) {
            this.handoffTimeout = handoffTimeout;
            return this;
        }

        /**
         * Sets {@link LeaseCoordinatorConfig#leaseScanInterval()}.
         *
         * @param leaseScanInterval the value (checked by {@code build()})
         * @return this builder
         */
        public Builder leaseScanInterval(Duration leaseScanInterval) {
            this.leaseScanInterval = leaseScanInterval;
            return this;
        }

        /**
         * Sets {@link LeaseCoordinatorConfig#leaseSyncInterval()}.
         *
         * @param leaseSyncInterval the value (checked by {@code build()})
         * @return this builder
         */
        public Builder leaseSyncInterval(Duration leaseSyncInterval) {
            this.leaseSyncInterval = leaseSyncInterval;
            return this;
        }

        /**
         * Sets {@link LeaseCoordinatorConfig#foreignOwnerTimeout()}.
         *
         * @param foreignOwnerTimeout the value (checked by {@code build()})
         * @return this builder
         */
        public Builder foreignOwnerTimeout(Duration foreignOwnerTimeout) {
            this.foreignOwnerTimeout = foreignOwnerTimeout;
            return this;
        }

        /**
         * The operator's word that the other library's fleet (KCL) is stopped: take a foreign owner's lease once its
         * counter stood still for {@code foreignOwnerObservation} (see the class comment). Never set it while KCL
         * workers are meant to run.
         */
        public Builder foreignFleetStopped(boolean foreignFleetStopped) {
            this.foreignFleetStopped = foreignFleetStopped;
            return this;
        }

        /** The observation window of {@link #foreignFleetStopped(boolean)}; default 5 s. */
        public Builder foreignOwnerObservation(Duration foreignOwnerObservation) {
            this.foreignOwnerObservation = foreignOwnerObservation;
            return this;
        }

        /** {@link #UNLIMITED} for no cap. */
        public Builder maxLeasesPerWorker(int maxLeasesPerWorker) {
            this.maxLeasesPerWorker = maxLeasesPerWorker;
            return this;
        }

        /**
         * Sets {@code assignmentStrategy}; {@code build()} checks it.
         *
         * @param assignmentStrategy the value
         * @return this builder
         */
        public Builder assignmentStrategy(AssignmentStrategy assignmentStrategy) {
            this.assignmentStrategy = Objects.requireNonNull(assignmentStrategy, "assignmentStrategy");
            return this;
        }

        /**
         * Sets {@code leaseEligibility}; {@code build()} checks it.
         *
         * @param leaseEligibility the value
         * @return this builder
         */
        public Builder leaseEligibility(LeaseEligibility leaseEligibility) {
            this.leaseEligibility = Objects.requireNonNull(leaseEligibility, "leaseEligibility");
            return this;
        }

        /**
         * Sets {@link LeaseCoordinatorConfig#autoCompleteHandoff()}.
         *
         * @param autoCompleteHandoff the value (checked by {@code build()})
         * @return this builder
         */
        public Builder autoCompleteHandoff(boolean autoCompleteHandoff) {
            this.autoCompleteHandoff = autoCompleteHandoff;
            return this;
        }

        /** @throws IllegalArgumentException naming the field and value of the first rule broken */
        public LeaseCoordinatorConfig build() {
            validateValues();
            validateCombinations();
            return new LeaseCoordinatorConfig(this);
        }

        private void validateValues() {
            if (workerIdSet) {
                CHECK.check(workerId != null && !workerId.isBlank(), "workerId", "'" + workerId + "'",
                        "must not be blank");
                CHECK.check(workerId.length() <= 256, "workerId", workerId.length() + " characters",
                        "must be at most 256 characters");
            }
            CHECK.positive("heartbeatInterval", heartbeatInterval);
            CHECK.positive("failoverTimeout", failoverTimeout);
            if (selfFenceMargin != null) {
                CHECK.positive("selfFenceMargin", selfFenceMargin);
            }
            CHECK.positive("handoffTimeout", handoffTimeout);
            CHECK.positive("leaseScanInterval", leaseScanInterval);
            CHECK.positive("leaseSyncInterval", leaseSyncInterval);
            CHECK.positive("foreignOwnerTimeout", foreignOwnerTimeout);
            CHECK.positive("foreignOwnerObservation", foreignOwnerObservation);
            CHECK.atLeast("maxLeasesPerWorker", maxLeasesPerWorker, 1);
        }

        private void validateCombinations() {
            CHECK.atLeast("failoverTimeout", failoverTimeout, "2 x heartbeatInterval",
                    heartbeatInterval.multipliedBy(2));
            Duration margin = selfFenceMargin != null ? selfFenceMargin : failoverTimeout.dividedBy(4);
            Duration marginLimit = failoverTimeout.minus(heartbeatInterval);
            CHECK.check(margin.compareTo(marginLimit) < 0, "selfFenceMargin", margin,
                    "must be less than failoverTimeout - heartbeatInterval (" + marginLimit + ")");
            CHECK.atLeast("handoffTimeout", handoffTimeout, "2 x heartbeatInterval",
                    heartbeatInterval.multipliedBy(2));
            CHECK.atLeast("leaseScanInterval", leaseScanInterval, "heartbeatInterval", heartbeatInterval);
            CHECK.atLeast("leaseSyncInterval", leaseSyncInterval, "heartbeatInterval", heartbeatInterval);
            CHECK.atLeast("foreignOwnerTimeout", foreignOwnerTimeout, "failoverTimeout", failoverTimeout);
            if (foreignFleetStopped) { // the window is only used then; other configs keep their old rules
                CHECK.atLeast("foreignOwnerObservation", foreignOwnerObservation, "2 x heartbeatInterval",
                        heartbeatInterval.multipliedBy(2));
                CHECK.check(foreignOwnerObservation.compareTo(foreignOwnerTimeout) <= 0, "foreignOwnerObservation",
                        foreignOwnerObservation, "must be at most foreignOwnerTimeout (" + foreignOwnerTimeout
                                + ") with foreignFleetStopped");
            }
        }

        private static String generatedWorkerId() {
            return Host.NAME + "-" + UUID.randomUUID().toString().substring(0, 8);
        }
    }

    /** The host name, looked up once (it can take a DNS round trip). */
    private static final class Host {
        static final String NAME = lookUp();

        private static String lookUp() {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (Exception e) {
                return "worker";
            }
        }
    }
}
