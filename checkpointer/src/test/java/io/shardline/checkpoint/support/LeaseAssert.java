package io.shardline.checkpoint.support;

import io.shardline.checkpoint.ExtendedSequenceNumber;
import io.shardline.lease.Lease;
import java.util.Arrays;
import java.util.Optional;
import org.assertj.core.api.AbstractAssert;

/** Domain assertions on a lease row: {@code assertThatLease(store.get(k)).isOwnedBy("w2").hasCheckpoint(...)}. */
public final class LeaseAssert extends AbstractAssert<LeaseAssert, Lease> {

    private LeaseAssert(Lease actual) {
        super(actual, LeaseAssert.class);
    }

    public static LeaseAssert assertThatLease(Optional<Lease> row) {
        if (row.isEmpty()) {
            throw new AssertionError("expected a lease row, found none");
        }
        return new LeaseAssert(row.get());
    }

    public LeaseAssert isOwnedBy(String owner) {
        isNotNull();
        if (!actual.isOwnedBy(owner)) {
            failWithMessage("expected lease %s to be owned by %s, but the owner is %s",
                    actual.leaseKey(), owner, actual.owner());
        }
        return this;
    }

    public LeaseAssert hasCheckpoint(ExtendedSequenceNumber expected) {
        isNotNull();
        ExtendedSequenceNumber stored = actual.checkpoint() == null
                ? null : ExtendedSequenceNumber.fromCheckpoint(actual.checkpoint());
        if (!expected.equals(stored)) {
            failWithMessage("expected lease %s to have checkpoint %s, but it has %s",
                    actual.leaseKey(), expected, stored);
        }
        return this;
    }

    public LeaseAssert hasCheckpoint(String sequenceNumber) {
        return hasCheckpoint(ExtendedSequenceNumber.of(sequenceNumber));
    }

    public LeaseAssert hasNoCheckpoint() {
        isNotNull();
        if (actual.checkpoint() != null) {
            failWithMessage("expected lease %s to have no checkpoint, but it has %s",
                    actual.leaseKey(), actual.checkpoint());
        }
        return this;
    }

    public LeaseAssert hasPendingCheckpoint(ExtendedSequenceNumber expected) {
        isNotNull();
        ExtendedSequenceNumber pending = actual.pendingCheckpoint() == null
                ? null : ExtendedSequenceNumber.fromCheckpoint(actual.pendingCheckpoint());
        if (!expected.equals(pending)) {
            failWithMessage("expected lease %s to have pending checkpoint %s, but it has %s",
                    actual.leaseKey(), expected, pending);
        }
        return this;
    }

    public LeaseAssert hasNoPendingCheckpoint() {
        isNotNull();
        if (actual.pendingCheckpoint() != null || actual.pendingState() != null) {
            failWithMessage("expected lease %s to have no pending checkpoint, but it has %s",
                    actual.leaseKey(), actual.pendingCheckpoint());
        }
        return this;
    }

    public LeaseAssert hasState(byte[] expected) {
        isNotNull();
        if (!Arrays.equals(expected, actual.state())) {
            failWithMessage("expected lease %s to have state %s, but it has %s",
                    actual.leaseKey(), Arrays.toString(expected), Arrays.toString(actual.state()));
        }
        return this;
    }

    public LeaseAssert hasNoState() {
        isNotNull();
        if (actual.state() != null) {
            failWithMessage("expected lease %s to have no state, but it has %d bytes",
                    actual.leaseKey(), actual.state().length);
        }
        return this;
    }

    public LeaseAssert hasPendingState(byte[] expected) {
        isNotNull();
        if (!Arrays.equals(expected, actual.pendingState())) {
            failWithMessage("expected lease %s to have pending state %s, but it has %s",
                    actual.leaseKey(), Arrays.toString(expected), Arrays.toString(actual.pendingState()));
        }
        return this;
    }
}
