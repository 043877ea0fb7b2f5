package io.shardline.checkpoint;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.shardline.checkpoint.internal.FencedCheckpointerFactory;
import io.shardline.lease.LeaseStore;
import java.util.Objects;

/**
 * Static factories of checkpointers.
 *
 * <p><b>Meters</b> (Micrometer), tagged {@code shard=<leaseKey>} only when
 * {@link CheckpointerConfig#shardTagEnabled()}:
 * <ul>
 *   <li>{@value #LATENCY} (timer): every checkpoint write to the lease table, whatever its outcome;</li>
 *   <li>{@value #FAILURES} (counter): writes that failed with a storage error ({@link CheckpointException});</li>
 *   <li>{@value #FENCED} (counter): writes rejected by the fence (lease lost; counted apart from failures).</li>
 * </ul>
 */
public final class Checkpointers {

    public static final String LATENCY = "shardline.checkpoint.latency";
    public static final String FAILURES = "shardline.checkpoint.failures";
    public static final String FENCED = "shardline.checkpoint.fenced";
    public static final String SHARD_TAG = "shard";

    private Checkpointers() {
    }

    /**
     * Checkpointers that write through {@code store} with fenced conditional updates.
     *
     * @param registry where the checkpoint meters go; the application's registry
     */
    public static CheckpointerFactory fenced(LeaseStore store, CheckpointerConfig config, MeterRegistry registry) {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(registry, "registry");
        return new FencedCheckpointerFactory(store, config, registry);
    }

    /**
     * Like {@link #fenced(LeaseStore, CheckpointerConfig, MeterRegistry)} with Micrometer's global registry: a no-op
     * composite until the application adds a registry to it (Spring Boot does), so meters cost nothing unless wanted.
     * The library never creates a registry of its own (a hidden {@code SimpleMeterRegistry} would keep data no one can
     * read).
     */
    public static CheckpointerFactory fenced(LeaseStore store, CheckpointerConfig config) {
        return fenced(store, config, Metrics.globalRegistry);
    }
}
