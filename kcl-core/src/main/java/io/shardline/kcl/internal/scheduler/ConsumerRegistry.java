package io.shardline.kcl.internal.scheduler;

import io.shardline.kcl.internal.consumer.LeaseCallbacks;
import io.shardline.kcl.internal.consumer.ShardConsumer;
import io.shardline.lease.Lease;
import io.shardline.lease.LeaseEvent;
import io.shardline.lease.LeaseListener;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns lease events into shard consumers: one consumer per owned lease. Runs on the coordinator thread and never
 * blocks there: it creates, signals and forgets; consumers do their work on the processing pool and remove themselves
 * once terminated.
 *
 * <ul>
 *   <li>{@code Acquired}: a new consumer, started at once (or after the previous consumer of the same lease, if that
 *       one is still finishing, so two processors of one shard never overlap);</li>
 *   <li>{@code Lost}: the consumer stops with {@code leaseLost} and no checkpoint;</li>
 *   <li>{@code HandoffRequested}: the consumer stops with {@code shutdownRequested} and then completes the handoff;
 *       with no live consumer (a finished shard) the handoff is completed at once.</li>
 * </ul>
 */
final class ConsumerRegistry implements LeaseListener {

    private static final Logger LOG = LoggerFactory.getLogger(ConsumerRegistry.class);

    private final Function<Lease, ShardConsumer> consumerFactory;
    private final LeaseCallbacks callbacks;
    private final Map<String, ShardConsumer> consumers = new ConcurrentHashMap<>();
    private volatile boolean closed;

    ConsumerRegistry(Function<Lease, ShardConsumer> consumerFactory, LeaseCallbacks callbacks) {
        this.consumerFactory = consumerFactory;
        this.callbacks = callbacks;
    }

    @Override
    public void onEvent(LeaseEvent event) {
        if (event instanceof LeaseEvent.Acquired acquired) {
            acquired(acquired.lease());
        } else if (event instanceof LeaseEvent.Lost lost) {
            ShardConsumer consumer = consumers.get(lost.leaseKey());
            if (consumer != null) {
                LOG.debug("lease {} lost ({})", lost.leaseKey(), lost.reason());
                consumer.leaseLost();
            }
        } else if (event instanceof LeaseEvent.HandoffRequested handoff) {
            ShardConsumer consumer = consumers.get(handoff.leaseKey());
            if (consumer == null) {
                callbacks.handoffCompleted(handoff.leaseKey());
            } else {
                consumer.requestShutdown();
            }
        }
    }

    private void acquired(Lease lease) {
        if (closed) {
            return;
        }
        String key = lease.leaseKey();
        ShardConsumer next = consumerFactory.apply(lease);
        ShardConsumer previous = consumers.put(key, next);
        next.terminated().whenComplete((reason, error) -> consumers.remove(key, next));
        if (previous == null || previous.terminated().isDone()) {
            next.start();
        } else {
            previous.leaseLost();
            previous.terminated().whenComplete((reason, error) -> next.start());
        }
    }

    /** Stops every consumer as if its lease was lost (no checkpoint); new acquisitions are ignored from now on. */
    void stopAll() {
        closed = true;
        consumers.values().forEach(ShardConsumer::leaseLost);
    }

    /** Completes when every consumer alive now has terminated. */
    CompletableFuture<Void> allTerminated() {
        List<CompletableFuture<?>> futures = consumers.values().stream()
                .<CompletableFuture<?>>map(ShardConsumer::terminated).toList();
        return CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new));
    }

    /** The live consumers (snapshot), for tests and diagnostics. */
    Map<String, ShardConsumer> consumers() {
        return Map.copyOf(consumers);
    }
}
