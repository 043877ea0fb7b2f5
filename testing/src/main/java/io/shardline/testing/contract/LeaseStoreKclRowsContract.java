package io.shardline.testing.contract;

import static io.shardline.testing.contract.LeaseAssert.assertFenced;
import static io.shardline.testing.contract.LeaseAssert.assertOk;
import static io.shardline.testing.contract.LeaseAssert.assertThatLease;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.shardline.lease.Checkpoint;
import io.shardline.lease.CheckpointUpdate;
import io.shardline.lease.Lease;
import io.shardline.lease.LeaseToken;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A lease table that Amazon KCL 3.5.1 has used holds rows that are not shard leases ({@link KclRows}): the store
 * must never read them as leases and never write them. Extend {@link LeaseStoreContract}, not this class.
 */
public abstract class LeaseStoreKclRowsContract extends LeaseStoreReadsContract {

    private static final String KCL_WORKER = "kcl-worker-1";
    private static final String SEQUENCE = "49612345678901234567890123456789012345678901234567890";

    @Test
    void kclNonLeaseRowsAreNotLeases() {
        KclRows.nonLeaseRows(KCL_WORKER).forEach(this::putItem);
        putItem(KclRows.lease("shardId-000000000001", KCL_WORKER, 7, SEQUENCE));
        Lease own = ownedBy("shardId-000000000002", A);

        assertThat(store().list()).extracting(Lease::leaseKey)
                .containsExactlyInAnyOrder("shardId-000000000001", "shardId-000000000002");
        for (String key : List.of(KclRows.MIGRATION_KEY, KclRows.TABLE_MIGRATION_KEY, KclRows.LEADER_KEY,
                KCL_WORKER)) {
            assertThat(store().get(key)).as(key).isEmpty();
        }
        await().atMost(ownerIndexLag()).untilAsserted(() -> assertThat(store().listOwnedBy(KCL_WORKER))
                .extracting(Lease::leaseKey).containsExactly("shardId-000000000001"));
        assertThat(store().listOwnedBy(A)).containsExactly(own);
    }

    @Test
    void kclThreeLeaseRowIsALeaseAndCanBeTakenOver() {
        putItem(KclRows.lease("shardId-000000000001", KCL_WORKER, 7, SEQUENCE));

        Lease kcl = store().get("shardId-000000000001").orElseThrow();
        assertThatLease(kcl).isOwnedBy(KCL_WORKER).hasCounter(7).hasCheckpoint(Checkpoint.of(SEQUENCE));
        assertThat(kcl.hashKeyRange()).isNotNull();

        assertThatLease(assertOk(store().transfer(kcl.token(), A))).isOwnedBy(A).hasCounter(8);
    }

    @Test
    void kclTwoRowWithoutEntityTypeIsALease() {
        putItem(KclRows.kcl2Lease("shardId-000000000003", KCL_WORKER, 4));

        assertThatLease(store().get("shardId-000000000003").orElseThrow()).isOwnedBy(KCL_WORKER).hasCounter(4);
    }

    @Test
    void rowWithoutEntityTypeAndWithoutLeaseAttributesIsNotALease() {
        Map<String, AttributeValue> bare = Map.of("leaseKey", KclRows.s("note"), "comment", KclRows.s("hand-made"));
        putItem(bare);

        assertThat(store().get("note")).isEmpty();
        assertThat(store().list()).isEmpty();
    }

    @Test
    void noWriteEverTouchesAKclNonLeaseRow() {
        List<Map<String, AttributeValue>> rows = KclRows.nonLeaseRows(KCL_WORKER);
        rows.forEach(this::putItem);

        for (Map<String, AttributeValue> row : rows) {
            String key = row.get("leaseKey").s();
            // A row without leaseOwner/leaseCounter would match a token of (no owner, counter 0) were it a lease.
            LeaseToken token = new LeaseToken(key, null, 0);
            assertThat(store().createIfAbsent(Lease.unowned(key))).as("createIfAbsent %s", key).isFalse();
            assertFenced(store().transfer(token, A));
            assertFenced(store().requestHandoff(token, A));
            assertFenced(store().checkpoint(token, CheckpointUpdate.commit(Checkpoint.of(SEQUENCE), null)));
            assertFenced(store().updateChildren(key, List.of("shardId-000000000009")));
            assertFenced(store().delete(token));

            assertThat(rawItem(key)).as("row %s after every write", key).contains(row);
        }
    }
}
