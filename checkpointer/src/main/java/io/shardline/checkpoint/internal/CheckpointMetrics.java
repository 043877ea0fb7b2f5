package io.shardline.checkpoint.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.shardline.checkpoint.Checkpointers;
import java.util.function.Supplier;

/**
 * The meters of one checkpointer (names documented on {@link Checkpointers}). Without the shard tag every
 * checkpointer of an application shares one set of meters (the registry returns the existing ones), and
 * {@link #close()} leaves them alone; with it, each lease has its own and {@link #close()} removes them.
 */
final class CheckpointMetrics implements AutoCloseable {

    private final MeterRegistry registry;
    private final boolean perShard;
    private final Timer latency;
    private final Counter failures;
    private final Counter fenced;

    CheckpointMetrics(MeterRegistry registry, String leaseKey, boolean perShard) {
        this.registry = registry;
        this.perShard = perShard;
        Tags tags = perShard ? Tags.of(Checkpointers.SHARD_TAG, leaseKey) : Tags.empty();
        this.latency = Timer.builder(Checkpointers.LATENCY)
                .description("Time of a checkpoint write to the lease table, whatever its outcome")
                .tags(tags)
                .register(registry);
        this.failures = Counter.builder(Checkpointers.FAILURES)
                .description("Checkpoint writes that failed with a storage error")
                .tags(tags)
                .register(registry);
        this.fenced = Counter.builder(Checkpointers.FENCED)
                .description("Checkpoint writes rejected because another worker owns the lease")
                .tags(tags)
                .register(registry);
    }

    /** Runs one lease-table write, timing it whatever the outcome. */
    <T> T timeWrite(Supplier<T> write) {
        Timer.Sample sample = Timer.start(registry);
        try {
            return write.get();
        } finally {
            sample.stop(latency);
        }
    }

    void failed() {
        failures.increment();
    }

    void fenced() {
        fenced.increment();
    }

    @Override
    public void close() {
        if (perShard) {
            registry.remove(latency);
            registry.remove(failures);
            registry.remove(fenced);
        }
    }
}
