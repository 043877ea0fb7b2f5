package io.shardline.lease.internal.dynamodb;

import static io.shardline.lease.internal.dynamodb.Expressions.bytes;
import static io.shardline.lease.internal.dynamodb.Expressions.number;
import static io.shardline.lease.internal.dynamodb.Expressions.string;

import io.shardline.lease.Checkpoint;
import io.shardline.lease.HashKeyRange;
import io.shardline.lease.Lease;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Maps a {@link Lease} to and from a lease-table item. Attribute names are Amazon KCL's (see docs/architecture.md,
 * "Tables"), plus ours: {@code pendingOwner} and {@code checkpointState}.
 *
 * <p>Reading is tolerant, because KCL 2.x/3.x may have written the row: a missing attribute takes its empty value
 * (no owner, counter 0, no checkpoint, no lineage) and attributes this class does not know (KCL 3's
 * {@code throughputKBps}, {@code checkpointOwner}, ...) are ignored. Writes never touch attributes they do not set,
 * so a KCL row keeps its extra attributes.
 */
final class LeaseItemMapper {

    static final String LEASE_KEY = "leaseKey";
    static final String LEASE_OWNER = "leaseOwner";
    static final String LEASE_COUNTER = "leaseCounter";
    static final String CHECKPOINT = "checkpoint";
    static final String CHECKPOINT_SUB = "checkpointSubSequenceNumber";
    static final String PENDING_CHECKPOINT = "pendingCheckpoint";
    static final String PENDING_CHECKPOINT_SUB = "pendingCheckpointSubSequenceNumber";
    static final String PENDING_CHECKPOINT_STATE = "pendingCheckpointState";
    static final String OWNER_SWITCHES = "ownerSwitchesSinceCheckpoint";
    static final String PARENTS = "parentShardId";
    static final String CHILDREN = "childShardIds";
    static final String STARTING_HASH_KEY = "startingHashKey";
    static final String ENDING_HASH_KEY = "endingHashKey";
    static final String PENDING_OWNER = "pendingOwner";
    static final String CHECKPOINT_STATE = "checkpointState";
    /** KCL's multi-stream lease attributes: the serialized stream identifier (sic: "streamName") and the shard id. */
    static final String MULTI_STREAM_ID = "streamName";
    static final String MULTI_STREAM_SHARD = "shardId";
    /** KCL's multi-stream lease key {@code account:streamName:creationEpoch:shardId}. */
    private static final java.util.regex.Pattern MULTI_STREAM_KEY =
            java.util.regex.Pattern.compile("([0-9]+:[^:]+:[0-9]+):([^:]+)");

    /** The owner index KCL 3.x also uses: HASH {@code leaseOwner}, RANGE {@code leaseKey}, KEYS_ONLY. */
    static final String OWNER_INDEX = "LeaseOwnerToLeaseKeyIndex";

    private LeaseItemMapper() {
    }

    static Map<String, AttributeValue> key(String leaseKey) {
        return Map.of(LEASE_KEY, string(leaseKey));
    }

    /** The full item of a new lease row; absent values are left out (DynamoDB has no empty sets). */
    static Map<String, AttributeValue> toItem(Lease lease) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(LEASE_KEY, string(lease.leaseKey()));
        java.util.regex.Matcher multiStream = MULTI_STREAM_KEY.matcher(lease.leaseKey());
        if (multiStream.matches()) { // KCL's MultiStreamLease reads both; without them KCL cannot read the row
            item.put(MULTI_STREAM_ID, string(multiStream.group(1)));
            item.put(MULTI_STREAM_SHARD, string(multiStream.group(2)));
        }
        if (lease.owner() != null) {
            item.put(LEASE_OWNER, string(lease.owner()));
        }
        item.put(LEASE_COUNTER, number(lease.counter()));
        item.put(OWNER_SWITCHES, number(lease.ownerSwitchesSinceCheckpoint()));
        if (lease.checkpoint() != null) {
            item.put(CHECKPOINT, string(lease.checkpoint().value()));
            item.put(CHECKPOINT_SUB, number(lease.checkpoint().subSequenceNumber()));
        }
        if (lease.state() != null) {
            item.put(CHECKPOINT_STATE, bytes(lease.state()));
        }
        if (lease.pendingCheckpoint() != null) {
            item.put(PENDING_CHECKPOINT, string(lease.pendingCheckpoint().value()));
            item.put(PENDING_CHECKPOINT_SUB, number(lease.pendingCheckpoint().subSequenceNumber()));
        }
        if (lease.pendingState() != null) {
            item.put(PENDING_CHECKPOINT_STATE, bytes(lease.pendingState()));
        }
        if (!lease.parentLeaseKeys().isEmpty()) {
            item.put(PARENTS, stringSet(lease.parentLeaseKeys()));
        }
        if (!lease.childLeaseKeys().isEmpty()) {
            item.put(CHILDREN, stringSet(lease.childLeaseKeys()));
        }
        if (lease.hashKeyRange() != null) {
            item.put(STARTING_HASH_KEY, string(lease.hashKeyRange().startingHashKey().toString()));
            item.put(ENDING_HASH_KEY, string(lease.hashKeyRange().endingHashKey().toString()));
        }
        if (lease.pendingOwner() != null) {
            item.put(PENDING_OWNER, string(lease.pendingOwner()));
        }
        return item;
    }

    /**
     * The lease a row holds, or {@code null} for an absent row (an empty item).
     *
     * @throws IllegalArgumentException when a known attribute holds a value that cannot be a lease field (for example
     *                                  a non-numeric or negative {@code leaseCounter}); the message names it
     */
    static Lease fromItem(Map<String, AttributeValue> item) {
        if (item == null || item.isEmpty()) {
            return null;
        }
        String leaseKey = text(item, LEASE_KEY);
        if (leaseKey == null) {
            throw new IllegalArgumentException("row has no string " + LEASE_KEY + ": " + item.keySet());
        }
        try {
            return new Lease(
                    leaseKey,
                    text(item, LEASE_OWNER),
                    longValue(item, LEASE_COUNTER),
                    checkpoint(item, CHECKPOINT, CHECKPOINT_SUB),
                    checkpoint(item, PENDING_CHECKPOINT, PENDING_CHECKPOINT_SUB),
                    longValue(item, OWNER_SWITCHES),
                    stringSet(item, PARENTS),
                    stringSet(item, CHILDREN),
                    hashKeyRange(item),
                    text(item, PENDING_OWNER),
                    binary(item, CHECKPOINT_STATE),
                    binary(item, PENDING_CHECKPOINT_STATE));
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new IllegalArgumentException("cannot read lease row " + leaseKey + ": " + e.getMessage(), e);
        }
    }

    private static String text(Map<String, AttributeValue> item, String attribute) {
        AttributeValue v = item.get(attribute);
        return v == null ? null : v.s();
    }

    private static long longValue(Map<String, AttributeValue> item, String attribute) {
        AttributeValue v = item.get(attribute);
        String n = v == null ? null : v.n() != null ? v.n() : v.s();
        if (n == null) {
            return 0;
        }
        try {
            return new BigDecimal(n.trim()).longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException(attribute + " is not an integer: '" + n + "'", e);
        }
    }

    private static Checkpoint checkpoint(Map<String, AttributeValue> item, String valueAttr, String subAttr) {
        String value = text(item, valueAttr);
        return value == null || value.isBlank() ? null : new Checkpoint(value, longValue(item, subAttr));
    }

    private static Set<String> stringSet(Map<String, AttributeValue> item, String attribute) {
        AttributeValue v = item.get(attribute);
        if (v == null) {
            return Set.of();
        }
        if (v.hasSs()) {
            return Set.copyOf(v.ss());
        }
        // Tolerate a single string where a set is expected.
        return v.s() == null || v.s().isEmpty() ? Set.of() : Set.of(v.s());
    }

    private static HashKeyRange hashKeyRange(Map<String, AttributeValue> item) {
        String start = text(item, STARTING_HASH_KEY);
        String end = text(item, ENDING_HASH_KEY);
        if (start == null || end == null) {
            return null;
        }
        return new HashKeyRange(new BigInteger(start.trim()), new BigInteger(end.trim()));
    }

    private static byte[] binary(Map<String, AttributeValue> item, String attribute) {
        AttributeValue v = item.get(attribute);
        return v == null || v.b() == null ? null : v.b().asByteArray();
    }

    static AttributeValue stringSet(Set<String> values) {
        return AttributeValue.builder().ss(List.copyOf(values)).build();
    }
}
