package io.shardline.lease.internal.dynamodb;

import static io.shardline.lease.internal.dynamodb.Expressions.bytes;
import static io.shardline.lease.internal.dynamodb.Expressions.number;
import static io.shardline.lease.internal.dynamodb.Expressions.string;
import static io.shardline.lease.internal.dynamodb.LeaseItemMapper.CHECKPOINT;
import static io.shardline.lease.internal.dynamodb.LeaseItemMapper.CHECKPOINT_STATE;
import static io.shardline.lease.internal.dynamodb.LeaseItemMapper.CHECKPOINT_SUB;
import static io.shardline.lease.internal.dynamodb.LeaseItemMapper.CHILDREN;
import static io.shardline.lease.internal.dynamodb.LeaseItemMapper.LEASE_COUNTER;
import static io.shardline.lease.internal.dynamodb.LeaseItemMapper.LEASE_KEY;
import static io.shardline.lease.internal.dynamodb.LeaseItemMapper.LEASE_OWNER;
import static io.shardline.lease.internal.dynamodb.LeaseItemMapper.OWNER_INDEX;
import static io.shardline.lease.internal.dynamodb.LeaseItemMapper.OWNER_SWITCHES;
import static io.shardline.lease.internal.dynamodb.LeaseItemMapper.PENDING_CHECKPOINT;
import static io.shardline.lease.internal.dynamodb.LeaseItemMapper.PENDING_CHECKPOINT_STATE;
import static io.shardline.lease.internal.dynamodb.LeaseItemMapper.PENDING_CHECKPOINT_SUB;
import static io.shardline.lease.internal.dynamodb.LeaseItemMapper.PENDING_OWNER;

import io.shardline.lease.CheckpointUpdate;
import io.shardline.lease.Lease;
import io.shardline.lease.LeaseStore;
import io.shardline.lease.LeaseTableConfig;
import io.shardline.lease.LeaseToken;
import io.shardline.lease.WriteResult;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * {@link LeaseStore} over a user-supplied {@link DynamoDbAsyncClient}, awaiting each call on the calling thread. Only
 * single-item conditional writes (dynalite has no transactions); each write returns the row after it
 * ({@code ReturnValues=ALL_NEW}), so a caller never needs a read after a write.
 *
 * <p>The fence of every mutation is {@code attribute_exists(leaseKey) AND leaseOwner = :owner AND leaseCounter =
 * :counter} ({@code attribute_not_exists(leaseOwner)} for no owner; a counter of 0 also matches a KCL row without
 * {@code leaseCounter}). {@code attribute_exists(leaseKey)} keeps an update from re-creating a deleted row. Every
 * write is also conditional on the row being a lease ({@link LeaseRows}): KCL 3.x's own rows in the table are never
 * written, and reads skip them.
 */
public final class DynamoDbLeaseStore implements LeaseStore {

    private final DynamoDbAsyncClient client;
    private final LeaseTableConfig config;
    private final String table;
    private final DynamoDbCalls calls;
    private final LeaseTableReader reader;

    public DynamoDbLeaseStore(DynamoDbAsyncClient client, LeaseTableConfig config) {
        this.client = TimedDynamoDbClient.wrap(Objects.requireNonNull(client, "client"));
        this.config = Objects.requireNonNull(config, "config");
        this.table = config.tableName();
        this.calls = new DynamoDbCalls(this.client, table);
        this.reader = new LeaseTableReader(calls);
    }

    @Override
    public void initialize() {
        TableBootstrap bootstrap = new TableBootstrap(client, config);
        CreateTableRequest create = bootstrap.createRequest(table, LEASE_KEY,
                List.of(TableBootstrap.attribute(LEASE_OWNER)),
                List.of(TableBootstrap.keysOnlyIndex(OWNER_INDEX, LEASE_OWNER, LEASE_KEY)));
        TableDescription description = bootstrap.ensureTable(create);
        reader.ownerIndexPresent(TableBootstrap.hasIndex(description, OWNER_INDEX, LEASE_OWNER));
    }

    @Override
    public Optional<Lease> get(String leaseKey) {
        return reader.get(Objects.requireNonNull(leaseKey, "leaseKey"));
    }

    @Override
    public List<Lease> list() {
        return reader.list();
    }

    @Override
    public List<Lease> listOwnedBy(String owner) {
        return reader.listOwnedBy(Objects.requireNonNull(owner, "owner"));
    }

    @Override
    public boolean createIfAbsent(Lease lease) {
        Expressions e = new Expressions();
        e.condition("attribute_not_exists(" + e.name(LEASE_KEY) + ")");
        PutItemRequest put = e.applyTo(PutItemRequest.builder().tableName(table).item(LeaseItemMapper.toItem(lease)))
                .build();
        return calls.awaitOrNullOn(client.putItem(put), ConditionalCheckFailedException.class, "PutItem",
                lease.leaseKey()) != null;
    }

    @Override
    public WriteResult transfer(LeaseToken expected, String newOwner) {
        Expressions e = fenced(expected);
        if (newOwner == null) {
            e.remove(LEASE_OWNER);
        } else {
            e.set(LEASE_OWNER, string(newOwner));
        }
        e.increment(LEASE_COUNTER, 1).increment(OWNER_SWITCHES, 1).remove(PENDING_OWNER);
        return update(expected.leaseKey(), e, "transfer");
    }

    @Override
    public WriteResult requestHandoff(LeaseToken expected, String pendingOwner) {
        Expressions e = fenced(expected);
        if (pendingOwner == null) {
            e.remove(PENDING_OWNER);
        } else {
            e.set(PENDING_OWNER, string(pendingOwner));
        }
        return update(expected.leaseKey(), e, "requestHandoff");
    }

    @Override
    public WriteResult checkpoint(LeaseToken expected, CheckpointUpdate update) {
        Objects.requireNonNull(update, "update");
        Expressions e = fenced(expected);
        if (update.checkpoint() != null) {
            e.set(CHECKPOINT, string(update.checkpoint().value()))
                    .set(CHECKPOINT_SUB, number(update.checkpoint().subSequenceNumber()))
                    .set(OWNER_SWITCHES, number(0));
            byte[] state = update.state();
            if (state == null) {
                e.remove(CHECKPOINT_STATE);
            } else {
                e.set(CHECKPOINT_STATE, bytes(state));
            }
        }
        if (update.pendingCheckpoint() != null) {
            e.set(PENDING_CHECKPOINT, string(update.pendingCheckpoint().value()))
                    .set(PENDING_CHECKPOINT_SUB, number(update.pendingCheckpoint().subSequenceNumber()));
            byte[] pendingState = update.pendingState();
            if (pendingState == null) {
                e.remove(PENDING_CHECKPOINT_STATE);
            } else {
                e.set(PENDING_CHECKPOINT_STATE, bytes(pendingState));
            }
        }
        if (update.clearPending()) {
            e.remove(PENDING_CHECKPOINT, PENDING_CHECKPOINT_SUB, PENDING_CHECKPOINT_STATE);
        }
        return update(expected.leaseKey(), e, "checkpoint");
    }

    @Override
    public WriteResult updateChildren(String leaseKey, Collection<String> childLeaseKeys) {
        Objects.requireNonNull(leaseKey, "leaseKey");
        Set<String> children = Set.copyOf(childLeaseKeys);
        Expressions e = new Expressions();
        e.condition("attribute_exists(" + e.name(LEASE_KEY) + ")");
        e.condition(LeaseRows.condition(e));
        if (children.isEmpty()) {
            e.remove(CHILDREN); // DynamoDB has no empty sets
        } else {
            e.set(CHILDREN, LeaseItemMapper.stringSet(children));
        }
        return update(leaseKey, e, "updateChildren");
    }

    @Override
    public WriteResult delete(LeaseToken expected) {
        Expressions e = fenced(expected);
        DeleteItemRequest delete = e.applyTo(DeleteItemRequest.builder().tableName(table)
                .key(LeaseItemMapper.key(expected.leaseKey())).returnValues(ReturnValue.ALL_OLD)).build();
        DeleteItemResponse r = calls.awaitOrNullOn(client.deleteItem(delete), ConditionalCheckFailedException.class,
                "delete", expected.leaseKey());
        if (r == null) {
            return WriteResult.fenced(expected.leaseKey());
        }
        Lease deleted = reader.read(r.hasAttributes() ? r.attributes() : null, "delete");
        return deleted == null ? WriteResult.fenced(expected.leaseKey()) : WriteResult.ok(deleted);
    }

    @Override
    public String tableName() {
        return table;
    }

    /** The fence: the row exists and still has the token's owner and counter. */
    static Expressions fenced(LeaseToken token) {
        Objects.requireNonNull(token, "expected");
        Expressions e = new Expressions();
        e.condition("attribute_exists(" + e.name(LEASE_KEY) + ")");
        e.condition(LeaseRows.condition(e));
        e.condition(token.owner() == null
                ? "attribute_not_exists(" + e.name(LEASE_OWNER) + ")"
                : e.name(LEASE_OWNER) + " = " + e.value(string(token.owner())));
        String counterMatches = e.name(LEASE_COUNTER) + " = " + e.value(number(token.counter()));
        // A KCL-written row may have no leaseCounter yet; it reads as 0, so a token with counter 0 matches it.
        e.condition(token.counter() == 0
                ? counterMatches + " OR attribute_not_exists(" + e.name(LEASE_COUNTER) + ")"
                : counterMatches);
        return e;
    }

    private WriteResult update(String leaseKey, Expressions e, String operation) {
        UpdateItemRequest request = e.applyTo(UpdateItemRequest.builder().tableName(table)
                .key(LeaseItemMapper.key(leaseKey)).returnValues(ReturnValue.ALL_NEW)).build();
        UpdateItemResponse r = calls.awaitOrNullOn(client.updateItem(request), ConditionalCheckFailedException.class,
                operation, leaseKey);
        if (r == null) {
            return WriteResult.fenced(leaseKey);
        }
        return WriteResult.ok(reader.read(r.attributes(), operation));
    }

    @Override
    public String toString() {
        return "DynamoDbLeaseStore{" + table + "}";
    }
}
