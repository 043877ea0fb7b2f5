package io.shardline.benchmarks.cost;

import io.shardline.benchmarks.harness.WorkerLine.Delivery;
import java.util.OptionalInt;

/**
 * The cost workers' report of one processed batch, carried by an {@code EVENT} line of the worker line protocol so
 * that the existing harness reads it: the batch's last record (shard and sequence number) with the partition key
 * field set to {@code batch-<size>}. One line per batch instead of one per record keeps the workers' own output out
 * of the CPU they are measured on.
 */
public final class BatchLine {

    private static final String PREFIX = "batch-";

    private BatchLine() {
    }

    /** The partition key field of a batch of {@code size} records. */
    public static String key(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, was " + size);
        }
        return PREFIX + size;
    }

    /** The batch size a delivery line reports, or empty when it is not a batch line. */
    public static OptionalInt size(Delivery delivery) {
        String key = delivery.partitionKey();
        if (!key.startsWith(PREFIX)) {
            return OptionalInt.empty();
        }
        try {
            int size = Integer.parseInt(key.substring(PREFIX.length()));
            return size >= 1 ? OptionalInt.of(size) : OptionalInt.empty();
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }
}
