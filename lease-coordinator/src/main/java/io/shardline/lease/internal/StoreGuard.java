package io.shardline.lease.internal;

import io.shardline.lease.LeaseStoreException;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports failed store calls of a round: counted, one log line without a stack trace (WARN for the first failure of
 * a step, DEBUG while it keeps failing, INFO when it recovers); the step is retried next round. Coordinator thread.
 */
final class StoreGuard {

    private static final Logger LOG = LoggerFactory.getLogger(StoreGuard.class);

    private final String workerId;
    private final CoordinatorCounters counters;
    private final Map<String, Integer> failingSteps = new HashMap<>();

    StoreGuard(String workerId, CoordinatorCounters counters) {
        this.workerId = workerId;
        this.counters = counters;
    }

    /** {@code step} failed with {@code e}; it will be retried next round. */
    void failed(String step, RuntimeException e) {
        counters.storageErrors.increment();
        int times = failingSteps.merge(step, 1, Integer::sum);
        boolean fatal = e instanceof LeaseStoreException lse && !lse.isRetryable();
        if (fatal) {
            LOG.error("{}: {} failed (fatal, retrying next round): {}", workerId, step, e.toString());
        } else if (times == 1) {
            LOG.warn("{}: {} failed, retrying next round: {}", workerId, step, e.toString());
        } else {
            LOG.debug("{}: {} failed {} times in a row: {}", workerId, step, times, e.toString());
        }
    }

    /** {@code step} succeeded: logs the recovery if it had been failing. */
    void succeeded(String step) {
        Integer times = failingSteps.remove(step);
        if (times != null) {
            LOG.info("{}: {} succeeded again after {} failures", workerId, step, times);
        }
    }
}
