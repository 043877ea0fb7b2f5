package io.shardline.testing.contract;

import static io.shardline.testing.contract.LeaseAssert.assertOk;
import static org.assertj.core.api.Assertions.assertThat;

import io.shardline.lease.Lease;
import io.shardline.lease.LeaseStore;
import io.shardline.lease.testing.InMemoryLeaseStore;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The fixture of {@link LeaseStoreContract}: a fresh store per test and small helpers. Extend
 * {@link LeaseStoreContract}, not this class.
 */
public abstract class LeaseStoreFixture {

    protected static final String A = "worker-a";
    protected static final String B = "worker-b";
    protected static final String C = "worker-c";

    private LeaseStore store;

    /**
     * A store over a new, empty table, called before each test. The kit calls {@link LeaseStore#initialize()} on it
     * (so a store that creates its table on initialize gets a missing table here).
     */
    protected abstract LeaseStore createStore();

    /**
     * How long {@link LeaseStore#listOwnedBy} may lag behind writes (an eventually consistent owner index). Tests of
     * it poll until this deadline; they never wait when the store is immediately consistent.
     */
    protected Duration ownerIndexLag() {
        return Duration.ofSeconds(10);
    }

    @BeforeEach
    final void createAndInitializeStore() {
        store = createStore();
        store.initialize();
    }

    /** The store of the current test. */
    protected final LeaseStore store() {
        return store;
    }

    /**
     * Writes a raw row into the table unconditionally, as another library (KCL) would. The default serves
     * {@link InMemoryLeaseStore}; a store over real storage overrides it with a raw write.
     */
    protected void putItem(Map<String, AttributeValue> item) {
        if (!(store instanceof InMemoryLeaseStore inMemory)) {
            throw new UnsupportedOperationException(getClass().getSimpleName()
                    + " must override putItem (and rawItem) to write raw rows into its table");
        }
        inMemory.putItem(item);
    }

    /**
     * The raw row under {@code leaseKey} when it is not a lease (empty when absent). The default serves
     * {@link InMemoryLeaseStore}; a store over real storage overrides it with a raw read.
     */
    protected Optional<Map<String, AttributeValue>> rawItem(String leaseKey) {
        if (!(store instanceof InMemoryLeaseStore inMemory)) {
            throw new UnsupportedOperationException(getClass().getSimpleName() + " must override rawItem");
        }
        return inMemory.nonLeaseRow(leaseKey);
    }

    /** Creates an unowned lease and returns it as stored. */
    protected final Lease created(String leaseKey) {
        assertThat(store.createIfAbsent(Lease.unowned(leaseKey))).as("created %s", leaseKey).isTrue();
        return store.get(leaseKey).orElseThrow();
    }

    /** Creates an unowned lease and transfers it to {@code owner}; returns it as stored (counter 1). */
    protected final Lease ownedBy(String leaseKey, String owner) {
        return assertOk(store.transfer(created(leaseKey).token(), owner));
    }

    /** A byte array of {@code values}. */
    protected static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }
}
