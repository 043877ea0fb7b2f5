package io.shardline.testing.contract;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Lease-table rows as Amazon KCL 3.5.1 writes them, attribute for attribute (from KCL's
 * {@code DynamoDBLeaseSerializer}, {@code MigrationState}, {@code TableMigrationState}, {@code LeaderLock} through the
 * DynamoDB lock client, and {@code WorkerMetricStats.LeaseTableWorkerMetricStats}). KCL 3.5 keeps its coordinator
 * state and worker metrics in the lease table, each row tagged with {@code entityType}; only {@code LEASE} rows (and
 * untagged rows, KCL 1.x/2.x) are shard leases.
 */
public final class KclRows {

    /** The keys of KCL 3.5.1's own rows. */
    public static final String MIGRATION_KEY = "Migration3.0";
    public static final String TABLE_MIGRATION_KEY = "TableMigration3.5";
    public static final String LEADER_KEY = "Leader";

    private static final long MODIFIED = 1_733_400_000_000L;

    private KclRows() {
    }

    /** {@code Migration3.0}: the KCL 2.x to 3.x client-version migration state ({@code CLIENT_VERSION_MIGRATION}). */
    public static Map<String, AttributeValue> clientVersionMigration(String modifiedBy) {
        Map<String, AttributeValue> row = row(MIGRATION_KEY, "CLIENT_VERSION_MIGRATION");
        row.put("cv", s("CLIENT_VERSION_3X"));
        row.put("mb", s(modifiedBy));
        row.put("mts", n(MODIFIED));
        row.put("h", AttributeValue.builder().l(AttributeValue.builder().m(Map.of(
                "cv", s("CLIENT_VERSION_INIT"), "mb", s(modifiedBy), "mts", n(MODIFIED - 1))).build()).build());
        return row;
    }

    /** {@code TableMigration3.5}: KCL 3.5's move of coordinator state into the lease table ({@code TABLE_MIGRATION}). */
    public static Map<String, AttributeValue> tableMigration(String modifiedBy) {
        Map<String, AttributeValue> row = row(TABLE_MIGRATION_KEY, "TABLE_MIGRATION");
        row.put("tm", s("TABLE_MIGRATION_STATUS_COMPLETE"));
        row.put("mb", s(modifiedBy));
        row.put("mts", n(MODIFIED));
        return row;
    }

    /** {@code Leader}: KCL 3.x's leader lock, written by the DynamoDB lock client ({@code LEADER}). */
    public static Map<String, AttributeValue> leaderLock(String ownerName) {
        Map<String, AttributeValue> row = row(LEADER_KEY, "LEADER");
        row.put("ownerName", s(ownerName));
        row.put("leaseDuration", s("20000"));
        row.put("recordVersionNumber", s("5d6a7c3e-1f2b-4c9d-8e0a-0b1c2d3e4f50"));
        return row;
    }

    /** A worker's row, keyed by its worker id: its CPU statistics for KCL 3's assignment ({@code WORKER_METRIC_STATS}). */
    public static Map<String, AttributeValue> workerMetricStats(String workerId) {
        Map<String, AttributeValue> row = row(workerId, "WORKER_METRIC_STATS");
        row.put("lut", n(MODIFIED / 1000));
        row.put("sts", AttributeValue.builder().m(Map.of("C", AttributeValue.builder()
                .l(List.of(n(12), n(15), n(14))).build())).build());
        row.put("opr", AttributeValue.builder().m(Map.of("C", AttributeValue.builder()
                .l(List.of(n(100))).build())).build());
        row.put("sup", n(1));
        row.put("slu", n(MODIFIED / 1000));
        return row;
    }

    /** Every non-lease row KCL 3.5.1 keeps in the lease table, for a fleet whose workers include {@code workerId}. */
    public static List<Map<String, AttributeValue>> nonLeaseRows(String workerId) {
        return List.of(clientVersionMigration(workerId), tableMigration(workerId), leaderLock(workerId),
                workerMetricStats(workerId));
    }

    /** A shard lease as KCL 3.5.1 writes it ({@code entityType LEASE}, KCL 3's extra attributes). */
    public static Map<String, AttributeValue> lease(String shardId, String owner, long counter, String checkpoint) {
        Map<String, AttributeValue> row = row(shardId, "LEASE");
        row.put("leaseOwner", s(owner));
        row.put("leaseCounter", n(counter));
        row.put("checkpoint", s(checkpoint));
        row.put("checkpointSubSequenceNumber", n(0));
        row.put("ownerSwitchesSinceCheckpoint", n(0));
        row.put("startingHashKey", s("0"));
        row.put("endingHashKey", s("340282366920938463463374607431768211455"));
        row.put("throughputKBps", n(3));
        return row;
    }

    /** A shard lease as KCL 2.x writes it: no {@code entityType}. */
    public static Map<String, AttributeValue> kcl2Lease(String shardId, String owner, long counter) {
        Map<String, AttributeValue> row = new HashMap<>();
        row.put("leaseKey", s(shardId));
        row.put("leaseOwner", s(owner));
        row.put("leaseCounter", n(counter));
        row.put("checkpoint", s("TRIM_HORIZON"));
        row.put("checkpointSubSequenceNumber", n(0));
        row.put("ownerSwitchesSinceCheckpoint", n(0));
        return row;
    }

    private static Map<String, AttributeValue> row(String key, String entityType) {
        Map<String, AttributeValue> row = new HashMap<>();
        row.put("leaseKey", s(key));
        row.put("entityType", s(entityType));
        return row;
    }

    static AttributeValue s(String value) {
        return AttributeValue.builder().s(value).build();
    }

    static AttributeValue n(long value) {
        return AttributeValue.builder().n(Long.toString(value)).build();
    }
}
