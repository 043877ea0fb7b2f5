package io.shardline.lease.internal.dynamodb;

import io.shardline.lease.Lease;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Which rows of a lease table are shard leases. KCL 3.x keeps rows of its own in the lease table, told apart by an
 * {@code entityType} attribute: {@code CLIENT_VERSION_MIGRATION} (key {@code Migration3.0}), {@code TABLE_MIGRATION}
 * ({@code TableMigration3.5}), {@code LEADER} ({@code Leader}, the DynamoDB lock client's row), {@code
 * WORKER_METRIC_STATS} (key: a worker id) and {@code STREAM}. KCL's own rule (its {@code DynamoDBLeaseSerializer}) is
 * ours: a row whose {@code entityType} is anything but {@code LEASE} is not a lease; a row without
 * {@code entityType} (every KCL 1.x/2.x row, and Shardline's) is a lease when it has a lease attribute
 * ({@code leaseCounter}, {@code leaseOwner} or {@code checkpoint}).
 *
 * <p>A row that is not a lease is invisible to the lease store: reads skip it and every write is conditional on
 * {@link #condition}, so Shardline never writes into it.
 */
public final class LeaseRows {

    static final String ENTITY_TYPE = "entityType";
    static final String LEASE_ENTITY = "LEASE";

    /**
     * The condition-expression form of {@link #isLease}, for a write that must only touch a lease row; no outer
     * parentheses ({@link Expressions} adds them, and DynamoDB rejects redundant ones).
     */
    static String condition(Expressions e) {
        String et = e.name(ENTITY_TYPE);
        return et + " = " + e.value(Expressions.string(LEASE_ENTITY)) + " OR (attribute_not_exists(" + et
                + ") AND (attribute_exists(" + e.name(LeaseItemMapper.LEASE_COUNTER) + ") OR attribute_exists("
                + e.name(LeaseItemMapper.LEASE_OWNER) + ") OR attribute_exists(" + e.name(LeaseItemMapper.CHECKPOINT)
                + ")))";
    }

    private LeaseRows() {
    }

    /** Whether the row is a shard lease (see the class comment); an absent or empty row is not. */
    public static boolean isLease(Map<String, AttributeValue> item) {
        if (item == null || item.isEmpty()) {
            return false;
        }
        AttributeValue entityType = item.get(ENTITY_TYPE);
        if (entityType != null) {
            return LEASE_ENTITY.equals(entityType.s());
        }
        return item.containsKey(LeaseItemMapper.LEASE_COUNTER) || item.containsKey(LeaseItemMapper.LEASE_OWNER)
                || item.containsKey(LeaseItemMapper.CHECKPOINT);
    }

    /**
     * The lease the row holds; empty for a row that is not a lease.
     *
     * @throws IllegalArgumentException when a lease row holds a value that cannot be a lease field
     */
    public static Optional<Lease> lease(Map<String, AttributeValue> item) {
        return isLease(item) ? Optional.of(LeaseItemMapper.fromItem(item)) : Optional.empty();
    }

    /** How the row is named in a log line: its key and its entityType (or the attributes it has). */
    public static String describe(Map<String, AttributeValue> item) {
        AttributeValue key = item.get(LeaseItemMapper.LEASE_KEY);
        AttributeValue entityType = item.get(ENTITY_TYPE);
        return "'" + (key == null ? "?" : key.s()) + "' ("
                + (entityType != null ? ENTITY_TYPE + " " + entityType.s() : "attributes " + item.keySet()) + ")";
    }
}
