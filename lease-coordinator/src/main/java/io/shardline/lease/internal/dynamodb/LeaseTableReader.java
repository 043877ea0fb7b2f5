package io.shardline.lease.internal.dynamodb;

import static io.shardline.lease.internal.dynamodb.Expressions.string;
import static io.shardline.lease.internal.dynamodb.LeaseItemMapper.LEASE_KEY;
import static io.shardline.lease.internal.dynamodb.LeaseItemMapper.LEASE_OWNER;
import static io.shardline.lease.internal.dynamodb.LeaseItemMapper.OWNER_INDEX;

import io.shardline.lease.Lease;
import io.shardline.lease.LeaseStoreException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

/**
 * The reads of {@link DynamoDbLeaseStore}: consistent get, consistent paginated scan, and a worker's own leases
 * through the owner index ({@code LeaseOwnerToLeaseKeyIndex}, KEYS_ONLY, eventually consistent) followed by
 * consistent BatchGetItem in chunks of 100, keeping only rows the consistent read shows owned by the caller. A table
 * without the index (one created by KCL 2.x) is served by a filtered consistent Scan instead.
 */
final class LeaseTableReader {

    private static final Logger log = LoggerFactory.getLogger(LeaseTableReader.class);
    static final int BATCH_GET_LIMIT = 100;
    private static final int MAX_UNPROCESSED_ROUNDS = 10;
    private static final long FIRST_UNPROCESSED_PAUSE_MILLIS = 20;
    private static final long MAX_UNPROCESSED_PAUSE_MILLIS = 1_000;

    private final DynamoDbCalls calls;
    private final String table;
    private volatile Boolean ownerIndexPresent;
    private final Set<String> foreignRowsLogged = ConcurrentHashMap.newKeySet();

    LeaseTableReader(DynamoDbCalls calls) {
        this.calls = calls;
        this.table = calls.table();
    }

    void ownerIndexPresent(boolean present) {
        if (!present && !Boolean.FALSE.equals(ownerIndexPresent)) {
            log.info("Lease table {} has no index {} (a table created by KCL 2.x?): a worker's own leases are read"
                    + " with a filtered scan of the whole table", table, OWNER_INDEX);
        }
        ownerIndexPresent = present;
    }

    Optional<Lease> get(String leaseKey) {
        GetItemResponse r = calls.await(calls.client().getItem(b -> b.tableName(table)
                .key(LeaseItemMapper.key(leaseKey)).consistentRead(true)), "GetItem", leaseKey);
        return Optional.ofNullable(read(r.hasItem() ? r.item() : null, "GetItem"));
    }

    List<Lease> list() {
        ScanRequest scan = ScanRequest.builder().tableName(table).consistentRead(true).build();
        return readAll(calls.scanAll(scan, "Scan"), "Scan");
    }

    List<Lease> listOwnedBy(String owner) {
        if (!hasOwnerIndex()) {
            Expressions e = new Expressions();
            e.condition(e.name(LEASE_OWNER) + " = " + e.value(string(owner)));
            ScanRequest scan = e.applyAsFilter(ScanRequest.builder().tableName(table).consistentRead(true)).build();
            return sorted(readAll(calls.scanAll(scan, "Scan(leaseOwner)"), "Scan(leaseOwner)"));
        }
        Expressions e = new Expressions();
        e.condition(e.name(LEASE_OWNER) + " = " + e.value(string(owner)));
        QueryRequest query = e.applyAsKeyCondition(QueryRequest.builder().tableName(table).indexName(OWNER_INDEX))
                .build();
        List<String> keys = calls.queryAll(query, "Query(" + OWNER_INDEX + ")").stream()
                .map(item -> item.get(LEASE_KEY).s()).distinct().toList();
        List<Lease> leases = new ArrayList<>();
        for (int from = 0; from < keys.size(); from += BATCH_GET_LIMIT) {
            batchGet(keys.subList(from, Math.min(keys.size(), from + BATCH_GET_LIMIT)), leases);
        }
        // The index lags writes: keep only what the consistent read shows owned by this owner now.
        leases.removeIf(l -> !l.isOwnedBy(owner));
        return sorted(leases);
    }

    private boolean hasOwnerIndex() {
        Boolean present = ownerIndexPresent;
        if (present == null) {
            var d = calls.await(calls.client().describeTable(b -> b.tableName(table)), "DescribeTable", null).table();
            ownerIndexPresent(TableBootstrap.hasIndex(d, OWNER_INDEX, LEASE_OWNER));
            present = ownerIndexPresent;
        }
        return present;
    }

    private void batchGet(List<String> keys, List<Lease> into) {
        List<Map<String, AttributeValue>> keyItems = keys.stream().map(LeaseItemMapper::key).toList();
        Map<String, KeysAndAttributes> pending =
                Map.of(table, KeysAndAttributes.builder().keys(keyItems).consistentRead(true).build());
        long pause = FIRST_UNPROCESSED_PAUSE_MILLIS;
        for (int round = 0; ; round++) {
            Map<String, KeysAndAttributes> request = pending;
            BatchGetItemResponse r = calls.await(calls.client().batchGetItem(b -> b.requestItems(request)),
                    "BatchGetItem", null);
            into.addAll(readAll(r.responses().getOrDefault(table, List.of()), "BatchGetItem"));
            KeysAndAttributes unprocessed = r.hasUnprocessedKeys() ? r.unprocessedKeys().get(table) : null;
            if (unprocessed == null || !unprocessed.hasKeys() || unprocessed.keys().isEmpty()) {
                return;
            }
            if (round >= MAX_UNPROCESSED_ROUNDS) {
                throw new LeaseStoreException("BatchGetItem left " + unprocessed.keys().size()
                        + " keys unprocessed after " + round + " rounds", table, null, true, null);
            }
            pending = Map.of(table, unprocessed);
            calls.pause(pause, "BatchGetItem");
            pause = Math.min(pause * 2, MAX_UNPROCESSED_PAUSE_MILLIS);
        }
    }

    private List<Lease> readAll(List<Map<String, AttributeValue>> items, String operation) {
        List<Lease> leases = new ArrayList<>(items.size());
        for (Map<String, AttributeValue> item : items) {
            Lease lease = read(item, operation);
            if (lease != null) {
                leases.add(lease);
            }
        }
        return leases;
    }

    /**
     * Maps a row; {@code null} for an absent row and for a row that is not a shard lease ({@link LeaseRows}: KCL
     * 3.x's migration, leader and worker-metrics rows), which is logged once per key at INFO. A lease row holding a
     * value that cannot be a lease field is a fatal store error naming the row.
     */
    Lease read(Map<String, AttributeValue> item, String operation) {
        if (item == null || item.isEmpty()) {
            return null;
        }
        if (!LeaseRows.isLease(item)) {
            AttributeValue key = item.get(LEASE_KEY);
            if (foreignRowsLogged.add(key == null ? "" : key.s())) {
                log.info("Lease table {}: row {} is not a shard lease (KCL 3.x keeps rows of its own in the lease"
                        + " table); Shardline ignores it and never writes it", table, LeaseRows.describe(item));
            }
            return null;
        }
        try {
            return LeaseItemMapper.fromItem(item);
        } catch (IllegalArgumentException e) {
            AttributeValue key = item.get(LEASE_KEY);
            throw new LeaseStoreException(operation + ": " + e.getMessage(), table, key == null ? null : key.s(),
                    false, e);
        }
    }

    private static List<Lease> sorted(List<Lease> leases) {
        leases.sort(Comparator.comparing(Lease::leaseKey));
        return leases;
    }
}
