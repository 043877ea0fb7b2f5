package io.shardline.lease.testing;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.Supplier;

/** Cost counters and fault injection shared by the in-memory stores. Thread-safe. */
final class StoreProbe implements StoreInstrumentation {

    private final Map<StoreOperation, LongAdder> calls = new ConcurrentHashMap<>();
    private final Map<StoreOperation, LongAdder> items = new ConcurrentHashMap<>();
    private final Map<StoreOperation, Queue<Supplier<? extends RuntimeException>>> oneShot =
            new ConcurrentHashMap<>();
    private final Map<StoreOperation, Function<String, ? extends RuntimeException>> standing =
            new ConcurrentHashMap<>();

    /** Throws an injected fault, if any, else counts the call. Call first thing in every store method. */
    void enter(StoreOperation operation, String subject) {
        Queue<Supplier<? extends RuntimeException>> queue = oneShot.get(operation);
        Supplier<? extends RuntimeException> next = queue == null ? null : queue.poll();
        if (next != null) {
            throw next.get();
        }
        Function<String, ? extends RuntimeException> fault = standing.get(operation);
        if (fault != null) {
            RuntimeException e = fault.apply(subject);
            if (e != null) {
                throw e;
            }
        }
        calls.computeIfAbsent(operation, op -> new LongAdder()).increment();
    }

    void itemsRead(StoreOperation operation, int count) {
        if (count > 0) {
            items.computeIfAbsent(operation, op -> new LongAdder()).add(count);
        }
    }

    @Override
    public OperationCounts operationCounts() {
        return new OperationCounts(snapshot(calls), snapshot(items));
    }

    @Override
    public void resetOperationCounts() {
        calls.clear();
        items.clear();
    }

    @Override
    public void failNext(StoreOperation operation, Supplier<? extends RuntimeException> failure) {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(failure, "failure");
        oneShot.computeIfAbsent(operation, op -> new ConcurrentLinkedQueue<>()).add(failure);
    }

    @Override
    public void injectFault(StoreOperation operation, Function<String, ? extends RuntimeException> fault) {
        Objects.requireNonNull(operation, "operation");
        if (fault == null) {
            standing.remove(operation);
        } else {
            standing.put(operation, fault);
        }
    }

    @Override
    public void clearFaults() {
        oneShot.clear();
        standing.clear();
    }

    private static Map<StoreOperation, Long> snapshot(Map<StoreOperation, LongAdder> source) {
        EnumMap<StoreOperation, Long> out = new EnumMap<>(StoreOperation.class);
        source.forEach((op, n) -> out.put(op, n.sum()));
        return out;
    }
}
