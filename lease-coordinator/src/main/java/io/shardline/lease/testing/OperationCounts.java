package io.shardline.lease.testing;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * A snapshot of the requests a store served: calls per {@link StoreOperation} and items read per operation (a scan
 * of 500 leases is one call and 500 items). Conditional writes whose condition failed count as writes (DynamoDB
 * charges them); calls failed by fault injection count nowhere (a throttled request is not charged).
 *
 * @param callsByOperation     calls per operation; operations never called are absent
 * @param itemsReadByOperation items returned per read operation; operations that returned nothing are absent
 */
public record OperationCounts(Map<StoreOperation, Long> callsByOperation,
        Map<StoreOperation, Long> itemsReadByOperation) {

    /** Checks the components (non-null where the record description does not say otherwise). */
    public OperationCounts {
        callsByOperation = freeze(Objects.requireNonNull(callsByOperation, "callsByOperation"));
        itemsReadByOperation = freeze(Objects.requireNonNull(itemsReadByOperation, "itemsReadByOperation"));
    }

    /** No calls counted. */
    public static OperationCounts none() {
        return new OperationCounts(Map.of(), Map.of());
    }

    /** How many calls of {@code operation} were made. */
    public long calls(StoreOperation operation) {
        return callsByOperation.getOrDefault(operation, 0L);
    }

    /** How many items the calls of {@code operation} read. */
    public long itemsRead(StoreOperation operation) {
        return itemsReadByOperation.getOrDefault(operation, 0L);
    }

    /** Read requests (GetItem, Scan, Query pages are not told apart here: one call each). */
    public long reads() {
        return sum(false);
    }

    /** Write requests, applied or fenced. */
    public long writes() {
        return sum(true);
    }

    /** Items returned by every read. */
    public long itemsRead() {
        return itemsReadByOperation.values().stream().mapToLong(Long::longValue).sum();
    }

    /** What happened between {@code earlier} and this snapshot. */
    public OperationCounts minus(OperationCounts earlier) {
        return new OperationCounts(subtract(callsByOperation, earlier.callsByOperation),
                subtract(itemsReadByOperation, earlier.itemsReadByOperation));
    }

    /** Both snapshots added (for example a lease store's and a coordination store's). */
    public OperationCounts plus(OperationCounts other) {
        EnumMap<StoreOperation, Long> c = new EnumMap<>(StoreOperation.class);
        EnumMap<StoreOperation, Long> i = new EnumMap<>(StoreOperation.class);
        c.putAll(callsByOperation);
        i.putAll(itemsReadByOperation);
        other.callsByOperation.forEach((op, n) -> c.merge(op, n, Long::sum));
        other.itemsReadByOperation.forEach((op, n) -> i.merge(op, n, Long::sum));
        return new OperationCounts(c, i);
    }

    private long sum(boolean writes) {
        return callsByOperation.entrySet().stream()
                .filter(e -> e.getKey().isWrite() == writes)
                .mapToLong(Map.Entry::getValue)
                .sum();
    }

    private static Map<StoreOperation, Long> subtract(Map<StoreOperation, Long> a, Map<StoreOperation, Long> b) {
        EnumMap<StoreOperation, Long> out = new EnumMap<>(StoreOperation.class);
        a.forEach((op, n) -> {
            long d = n - b.getOrDefault(op, 0L);
            if (d != 0) {
                out.put(op, d);
            }
        });
        return out;
    }

    private static Map<StoreOperation, Long> freeze(Map<StoreOperation, Long> m) {
        return m.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(m));
    }

    @Override
    public String toString() {
        return "OperationCounts{reads=" + reads() + ", writes=" + writes() + ", itemsRead=" + itemsRead()
                + ", calls=" + callsByOperation + "}";
    }
}
