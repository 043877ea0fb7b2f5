package io.shardline.lease.internal.dynamodb;

import static io.shardline.lease.internal.dynamodb.Expressions.bool;
import static io.shardline.lease.internal.dynamodb.Expressions.number;
import static io.shardline.lease.internal.dynamodb.Expressions.string;

import io.shardline.lease.CoordinationStore;
import io.shardline.lease.LeaderRecord;
import io.shardline.lease.LeaseStoreException;
import io.shardline.lease.LeaseTableConfig;
import io.shardline.lease.Member;
import io.shardline.lease.MemberStatus;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * {@link CoordinationStore} in its own DynamoDB table (hash key {@code id} S), so KCL workers sharing the lease table
 * never see these items. Member items: {@code id} = member id, {@code type} = "member", {@code heartbeat} N,
 * {@code inboxVersion} N, {@code leaving} BOOL. The leader item: {@code id} = "__leader__", {@code holder} S,
 * {@code term} N, {@code heartbeat} N. One request per method, single-item conditional writes only.
 */
public final class DynamoDbCoordinationStore implements CoordinationStore {

    static final String ID = "id";
    static final String TYPE = "type";
    static final String MEMBER_TYPE = "member";
    static final String HEARTBEAT = "heartbeat";
    static final String INBOX_VERSION = "inboxVersion";
    static final String LEAVING = "leaving";
    static final String LEADER_ID = "__leader__";
    static final String HOLDER = "holder";
    static final String TERM = "term";
    static final String STATUS_TYPE = "status";
    static final String STATUS_PREFIX = "status#";
    static final String WORKER = "worker";
    static final String PUBLISHED_AT = "publishedAt";
    static final String INTERVAL = "intervalMillis";
    static final String LEASES = "leases";

    private final DynamoDbAsyncClient client;
    private final LeaseTableConfig config;
    private final String table;
    private final DynamoDbCalls calls;
    private final String statusTable;
    private final DynamoDbCalls statusCalls;
    private final Set<String> legacyStatusRemoved = ConcurrentHashMap.newKeySet();
    private volatile boolean statusInCoordination;

    private static final Logger LOG = LoggerFactory.getLogger(DynamoDbCoordinationStore.class);

    public DynamoDbCoordinationStore(DynamoDbAsyncClient client, LeaseTableConfig config) {
        this.client = TimedDynamoDbClient.wrap(Objects.requireNonNull(client, "client"));
        this.config = Objects.requireNonNull(config, "config");
        this.table = config.coordinationTableName();
        this.calls = new DynamoDbCalls(this.client, table);
        this.statusTable = config.statusTableName();
        this.statusCalls = new DynamoDbCalls(this.client, statusTable);
    }

    @Override
    public void initialize() {
        TableBootstrap bootstrap = new TableBootstrap(client, config);
        bootstrap.ensureTable(bootstrap.createRequest(table, ID, List.of(), List.of()));
        try {
            bootstrap.ensureTable(bootstrap.createRequest(statusTable, ID, List.of(), List.of()));
        } catch (LeaseStoreException e) {
            // Tables created ahead without the status table and no CreateTable permission: keep working, as before.
            statusInCoordination = true;
            LOG.warn("The status table {} is missing and could not be created ({}); status items stay in {}, where "
                    + "every member's membership Scan also reads them: create {} (hash key id S) to avoid that cost",
                    statusTable, e.getMessage(), table, statusTable);
        }
    }

    @Override
    public Member heartbeat(String memberId, boolean leaving) {
        checkMemberId(memberId);
        Expressions e = new Expressions()
                .increment(HEARTBEAT, 1)
                .setIfAbsent(INBOX_VERSION, number(0))
                .set(LEAVING, bool(leaving))
                .set(TYPE, string(MEMBER_TYPE));
        UpdateItemResponse r = calls.await(client.updateItem(e.applyTo(UpdateItemRequest.builder().tableName(table)
                .key(key(memberId)).returnValues(ReturnValue.ALL_NEW)).build()), "heartbeat", memberId);
        return toMember(r.attributes());
    }

    @Override
    public List<Member> listMembers() {
        Expressions e = new Expressions();
        e.condition(e.name(TYPE) + " = " + e.value(string(MEMBER_TYPE)));
        ScanRequest scan = e.applyAsFilter(ScanRequest.builder().tableName(table).consistentRead(true)).build();
        return calls.scanAll(scan, "listMembers").stream().map(this::toMember).toList();
    }

    @Override
    public void notifyMember(String memberId) {
        checkMemberId(memberId);
        Expressions e = new Expressions().add(INBOX_VERSION, 1);
        e.condition("attribute_exists(" + e.name(ID) + ")");
        e.condition(e.name(TYPE) + " = " + e.value(string(MEMBER_TYPE)));
        // An absent member (gone, or not yet joined) has nothing to be told: the failed condition is the no-op.
        calls.awaitOrNullOn(client.updateItem(e.applyTo(UpdateItemRequest.builder().tableName(table)
                .key(key(memberId))).build()), ConditionalCheckFailedException.class, "notifyMember", memberId);
    }

    @Override
    public void removeMember(String memberId) {
        checkMemberId(memberId);
        calls.await(client.deleteItem(b -> b.tableName(table).key(key(memberId))), "removeMember", memberId);
    }

    @Override
    public LeaderRecord readLeader() {
        GetItemResponse r = calls.await(client.getItem(b -> b.tableName(table).key(key(LEADER_ID))
                .consistentRead(true)), "readLeader", null);
        return r.hasItem() && !r.item().isEmpty() ? toLeader(r.item()) : null;
    }

    @Override
    public LeaderRecord tryAcquireLeader(String candidateId, LeaderRecord expected) {
        Objects.requireNonNull(candidateId, "candidateId");
        LeaderRecord next = new LeaderRecord(candidateId, expected == null ? 1 : expected.term() + 1, 0);
        Expressions e = new Expressions();
        if (expected == null) {
            e.condition("attribute_not_exists(" + e.name(ID) + ")");
        } else {
            e.condition(e.name(HOLDER) + " = " + e.value(string(expected.holder())));
            e.condition(e.name(TERM) + " = " + e.value(number(expected.term())));
            e.condition(e.name(HEARTBEAT) + " = " + e.value(number(expected.heartbeat())));
        }
        Map<String, AttributeValue> item = Map.of(ID, string(LEADER_ID), HOLDER, string(next.holder()),
                TERM, number(next.term()), HEARTBEAT, number(next.heartbeat()));
        PutItemRequest put = e.applyTo(PutItemRequest.builder().tableName(table).item(item)).build();
        return calls.awaitOrNullOn(client.putItem(put), ConditionalCheckFailedException.class, "tryAcquireLeader",
                null) == null ? null : next;
    }

    @Override
    public LeaderRecord renewLeader(LeaderRecord current) {
        Expressions e = heldBy(current).increment(HEARTBEAT, 1);
        UpdateItemResponse r = calls.awaitOrNullOn(client.updateItem(e.applyTo(UpdateItemRequest.builder()
                .tableName(table).key(key(LEADER_ID)).returnValues(ReturnValue.ALL_NEW)).build()),
                ConditionalCheckFailedException.class, "renewLeader", null);
        return r == null ? null : toLeader(r.attributes());
    }

    @Override
    public void releaseLeader(LeaderRecord current) {
        Expressions e = heldBy(current);
        calls.awaitOrNullOn(client.deleteItem(e.applyTo(DeleteItemRequest.builder().tableName(table)
                .key(key(LEADER_ID))).build()), ConditionalCheckFailedException.class, "releaseLeader", null);
    }

    @Override
    public void publishStatus(MemberStatus status) {
        Objects.requireNonNull(status, "status");
        checkMemberId(status.memberId());
        List<AttributeValue> leases = status.leases().stream().map(StatusItems::lease).toList();
        Map<String, AttributeValue> item = Map.of(ID, string(STATUS_PREFIX + status.memberId()),
                TYPE, string(STATUS_TYPE), WORKER, string(status.memberId()),
                PUBLISHED_AT, number(status.publishedAt().toEpochMilli()),
                INTERVAL, number(status.interval().toMillis()), LEASES, AttributeValue.fromL(leases));
        String target = statusInCoordination ? table : statusTable;
        calls.await(client.putItem(b -> b.tableName(target).item(item)), "publishStatus", status.memberId());
        if (!statusInCoordination && legacyStatusRemoved.add(status.memberId())) {
            removeLegacyStatus(status.memberId());
        }
    }

    /** Deletes the member's status item from the coordination table (where earlier versions kept it), once. */
    private void removeLegacyStatus(String memberId) {
        try {
            calls.await(client.deleteItem(b -> b.tableName(table).key(key(STATUS_PREFIX + memberId))),
                    "removeStatus", memberId);
        } catch (LeaseStoreException e) {
            legacyStatusRemoved.remove(memberId); // tried again at the next publication
        }
    }

    @Override
    public List<MemberStatus> listStatuses() {
        Expressions e = new Expressions();
        e.condition(e.name(TYPE) + " = " + e.value(string(STATUS_TYPE)));
        List<Map<String, AttributeValue>> items;
        if (statusInCoordination) {
            items = calls.scanAll(e.applyAsFilter(ScanRequest.builder().tableName(table)).build(), "listStatuses");
        } else {
            try {
                items = statusCalls.scanAll(e.applyAsFilter(ScanRequest.builder().tableName(statusTable)).build(),
                        "listStatuses");
            } catch (LeaseStoreException notThere) {
                if (!(notThere.getCause() instanceof ResourceNotFoundException)) {
                    throw notThere;
                }
                // A fleet of an older version (or whose status table was never created): the items are here.
                items = calls.scanAll(e.applyAsFilter(ScanRequest.builder().tableName(table)).build(),
                        "listStatuses");
            }
        }
        return items.stream()
                .map(item -> StatusItems.status(item, longValue(item, PUBLISHED_AT), longValue(item, INTERVAL)))
                .toList();
    }

    @Override
    public void removeStatus(String memberId) {
        checkMemberId(memberId);
        String target = statusInCoordination ? table : statusTable;
        calls.await(client.deleteItem(b -> b.tableName(target).key(key(STATUS_PREFIX + memberId))), "removeStatus",
                memberId);
    }

    @Override
    public String tableName() {
        return table;
    }

    private static Expressions heldBy(LeaderRecord current) {
        Objects.requireNonNull(current, "current");
        Expressions e = new Expressions();
        e.condition(e.name(HOLDER) + " = " + e.value(string(current.holder())));
        e.condition(e.name(TERM) + " = " + e.value(number(current.term())));
        return e;
    }

    private static Map<String, AttributeValue> key(String id) {
        return Map.of(ID, string(id));
    }

    private static void checkMemberId(String memberId) {
        Objects.requireNonNull(memberId, "memberId");
        if (memberId.isEmpty() || LEADER_ID.equals(memberId)) {
            throw new IllegalArgumentException("invalid member id '" + memberId + "'");
        }
    }

    private Member toMember(Map<String, AttributeValue> item) {
        AttributeValue leaving = item.get(LEAVING);
        return new Member(item.get(ID).s(), longValue(item, HEARTBEAT), longValue(item, INBOX_VERSION),
                leaving != null && Boolean.TRUE.equals(leaving.bool()));
    }

    private LeaderRecord toLeader(Map<String, AttributeValue> item) {
        AttributeValue holder = item.get(HOLDER);
        if (holder == null || holder.s() == null) {
            throw new LeaseStoreException("leader item has no holder", table, null, false, null);
        }
        return new LeaderRecord(holder.s(), longValue(item, TERM), longValue(item, HEARTBEAT));
    }

    private long longValue(Map<String, AttributeValue> item, String attribute) {
        AttributeValue v = item.get(attribute);
        if (v == null || v.n() == null) {
            return 0;
        }
        try {
            return new BigDecimal(v.n()).longValueExact();
        } catch (ArithmeticException | NumberFormatException e) {
            throw new LeaseStoreException("attribute " + attribute + " is not an integer: " + v.n(), table,
                    item.get(ID) == null ? null : item.get(ID).s(), false, e);
        }
    }

    @Override
    public String toString() {
        return "DynamoDbCoordinationStore{" + table + "}";
    }
}
