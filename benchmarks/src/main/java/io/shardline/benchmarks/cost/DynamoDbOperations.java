package io.shardline.benchmarks.cost;

import java.util.Map;
import java.util.Set;

/** Which DynamoDB operations write: the ones that consume write capacity, as the lease-cost figures count them. */
public final class DynamoDbOperations {

    private static final Set<String> WRITES = Set.of("PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem",
            "TransactWriteItems");

    private DynamoDbOperations() {
    }

    /** True for PutItem, UpdateItem, DeleteItem, BatchWriteItem and TransactWriteItems (SDK operation names). */
    public static boolean isWrite(String operation) {
        return WRITES.contains(operation);
    }

    /** The sum of {@code counts} (requests per operation). */
    public static long total(Map<String, Long> counts) {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    /** The sum of {@code counts} over the write operations. */
    public static long writes(Map<String, Long> counts) {
        return counts.entrySet().stream().filter(e -> isWrite(e.getKey())).mapToLong(Map.Entry::getValue).sum();
    }
}
