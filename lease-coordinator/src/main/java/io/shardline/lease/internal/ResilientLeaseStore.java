package io.shardline.lease.internal;

import io.shardline.lease.CheckpointUpdate;
import io.shardline.lease.Lease;
import io.shardline.lease.LeaseStore;
import io.shardline.lease.LeaseToken;
import io.shardline.lease.StoreResilienceConfig;
import io.shardline.lease.WriteResult;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A {@link LeaseStore} whose calls go through {@link StoreResilience}: retryable failures are retried with
 * exponential backoff and jitter, and a circuit breaker stops an outage from becoming a request storm.
 *
 * <p>A retried write may have been applied by an attempt whose response was lost (a timeout, a 5xx after the
 * write). The writes are conditional, so the next attempt sees its own effect as a changed row:
 * <ul>
 *   <li>{@code checkpoint}, {@code requestHandoff}, {@code updateChildren}: idempotent, the retry succeeds again;</li>
 *   <li>{@code transfer}: the retry is fenced (the counter moved). When that happens after a retry, the lease is read
 *       back and the result is {@code Ok} if it shows exactly this transfer (owner {@code newOwner}, counter
 *       {@code expected + 1});</li>
 *   <li>{@code createIfAbsent}: may answer false although this call created the row;</li>
 *   <li>{@code delete}: may answer {@code Fenced} although this call deleted the row.</li>
 * </ul>
 */
public final class ResilientLeaseStore implements LeaseStore {

    private final LeaseStore delegate;
    private final StoreResilience resilience;

    public ResilientLeaseStore(LeaseStore delegate, StoreResilienceConfig config) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.resilience = new StoreResilience(delegate.tableName(), Objects.requireNonNull(config, "config"));
    }

    @Override
    public void initialize() {
        resilience.initialize(delegate::initialize);
    }

    @Override
    public Optional<Lease> get(String leaseKey) {
        return resilience.call("get", leaseKey, () -> delegate.get(leaseKey));
    }

    @Override
    public List<Lease> list() {
        return resilience.call("list", null, delegate::list);
    }

    @Override
    public List<Lease> listOwnedBy(String owner) {
        return resilience.call("listOwnedBy", null, () -> delegate.listOwnedBy(owner));
    }

    @Override
    public boolean createIfAbsent(Lease lease) {
        return resilience.call("createIfAbsent", lease.leaseKey(), () -> delegate.createIfAbsent(lease));
    }

    @Override
    public WriteResult transfer(LeaseToken expected, String newOwner) {
        AtomicInteger attempts = new AtomicInteger();
        WriteResult result = resilience.call("transfer", expected.leaseKey(),
                counting(attempts, () -> delegate.transfer(expected, newOwner)));
        if (result instanceof WriteResult.Fenced && attempts.get() > 1) {
            Optional<Lease> now = get(expected.leaseKey());
            if (now.isPresent() && Objects.equals(now.get().owner(), newOwner)
                    && now.get().counter() == expected.counter() + 1) {
                return WriteResult.ok(now.get());
            }
        }
        return result;
    }

    @Override
    public WriteResult requestHandoff(LeaseToken expected, String pendingOwner) {
        return resilience.call("requestHandoff", expected.leaseKey(),
                () -> delegate.requestHandoff(expected, pendingOwner));
    }

    @Override
    public WriteResult checkpoint(LeaseToken expected, CheckpointUpdate update) {
        return resilience.call("checkpoint", expected.leaseKey(), () -> delegate.checkpoint(expected, update));
    }

    @Override
    public WriteResult updateChildren(String leaseKey, Collection<String> childLeaseKeys) {
        return resilience.call("updateChildren", leaseKey, () -> delegate.updateChildren(leaseKey, childLeaseKeys));
    }

    @Override
    public WriteResult delete(LeaseToken expected) {
        return resilience.call("delete", expected.leaseKey(), () -> delegate.delete(expected));
    }

    @Override
    public String tableName() {
        return delegate.tableName();
    }

    /** The circuit breaker's state: CLOSED, OPEN or HALF_OPEN (for health checks and tests). */
    public String circuitState() {
        return resilience.circuitState().name();
    }

    private static <T> Supplier<T> counting(AtomicInteger attempts, Supplier<T> call) {
        return () -> {
            attempts.incrementAndGet();
            return call.get();
        };
    }

    @Override
    public String toString() {
        return "Resilient(" + delegate + ", " + resilience + ")";
    }
}
