package io.shardline.checkpoint.internal;

import io.micrometer.core.instrument.MeterRegistry;
import io.shardline.checkpoint.CheckpointerConfig;
import io.shardline.checkpoint.CheckpointerFactory;
import io.shardline.checkpoint.ExtendedSequenceNumber;
import io.shardline.checkpoint.LeaseLostListener;
import io.shardline.checkpoint.ShardCheckpointer;
import io.shardline.lease.Lease;
import io.shardline.lease.LeaseStore;
import java.util.Objects;

/** Makes {@link FencedCheckpointer}s sharing one store, config and registry. */
public final class FencedCheckpointerFactory implements CheckpointerFactory {

    private final LeaseStore store;
    private final CheckpointerConfig config;
    private final MeterRegistry registry;

    public FencedCheckpointerFactory(LeaseStore store, CheckpointerConfig config, MeterRegistry registry) {
        this.store = Objects.requireNonNull(store, "store");
        this.config = Objects.requireNonNull(config, "config");
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    @Override
    public ShardCheckpointer create(Lease lease, ExtendedSequenceNumber initialPosition,
                                    LeaseLostListener onLeaseLost) {
        Objects.requireNonNull(lease, "lease");
        Objects.requireNonNull(initialPosition, "initialPosition");
        Objects.requireNonNull(onLeaseLost, "onLeaseLost");
        if (!lease.isOwned()) {
            throw new IllegalArgumentException("lease " + lease.leaseKey() + " has no owner: acquire it first");
        }
        if (initialPosition.isShardEnd()) {
            throw new IllegalArgumentException("initialPosition of lease " + lease.leaseKey()
                    + " must not be SHARD_END");
        }
        ExtendedSequenceNumber committed = lease.checkpoint() == null
                ? null : ExtendedSequenceNumber.fromCheckpoint(lease.checkpoint());
        CheckpointMetrics metrics = new CheckpointMetrics(registry, lease.leaseKey(), config.shardTagEnabled());
        return new FencedCheckpointer(store, lease.token(), committed, initialPosition, config.maxStateBytes(),
                metrics, onLeaseLost);
    }
}
