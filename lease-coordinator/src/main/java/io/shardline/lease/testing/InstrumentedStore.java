package io.shardline.lease.testing;

import java.util.function.Function;
import java.util.function.Supplier;

/** The {@link StoreInstrumentation} of both in-memory stores: every call delegates to their {@link StoreProbe}. */
abstract class InstrumentedStore implements StoreInstrumentation {

    /** Counts calls and throws injected faults; the store calls {@link StoreProbe#enter} first in every method. */
    final StoreProbe probe = new StoreProbe();

    @Override
    public OperationCounts operationCounts() {
        return probe.operationCounts();
    }

    @Override
    public void resetOperationCounts() {
        probe.resetOperationCounts();
    }

    @Override
    public void failNext(StoreOperation operation, Supplier<? extends RuntimeException> failure) {
        probe.failNext(operation, failure);
    }

    @Override
    public void injectFault(StoreOperation operation, Function<String, ? extends RuntimeException> fault) {
        probe.injectFault(operation, fault);
    }

    @Override
    public void clearFaults() {
        probe.clearFaults();
    }
}
