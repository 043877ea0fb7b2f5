package io.shardline.testing.contract;

import io.shardline.lease.Checkpoint;
import io.shardline.lease.Lease;
import io.shardline.lease.WriteResult;
import java.util.Arrays;
import java.util.Objects;
import org.assertj.core.api.AbstractAssert;

/**
 * AssertJ assertions on a {@link Lease}: {@code assertThatLease(l).isOwnedBy("w1").hasCounter(2).hasCheckpoint("42")}.
 * Also {@link #assertOk(WriteResult)} and {@link #assertFenced(WriteResult)} for fenced-write outcomes.
 */
public final class LeaseAssert extends AbstractAssert<LeaseAssert, Lease> {

    private LeaseAssert(Lease actual) {
        super(actual, LeaseAssert.class);
    }

    /** Assertions on {@code actual}. */
    public static LeaseAssert assertThatLease(Lease actual) {
        return new LeaseAssert(actual);
    }

    /** Asserts the write was applied and returns the row after it. */
    public static Lease assertOk(WriteResult result) {
        if (!(result instanceof WriteResult.Ok ok)) {
            throw new AssertionError("expected the write to be applied (Ok) but it was " + result);
        }
        return ok.lease();
    }

    /** Asserts the write was fenced (nothing written). */
    public static void assertFenced(WriteResult result) {
        if (!(result instanceof WriteResult.Fenced)) {
            throw new AssertionError("expected the write to be fenced but it was applied: " + result);
        }
    }

    /** {@code owner} owns the lease. */
    public LeaseAssert isOwnedBy(String owner) {
        isNotNull();
        if (!Objects.equals(actual.owner(), owner)) {
            failWithMessage("Expected lease %s to be owned by <%s> but its owner was <%s>", actual.leaseKey(), owner,
                    actual.owner());
        }
        return this;
    }

    /** Nobody owns the lease. */
    public LeaseAssert isUnowned() {
        return isOwnedBy(null);
    }

    /** The lease counter is {@code counter}. */
    public LeaseAssert hasCounter(long counter) {
        isNotNull();
        if (actual.counter() != counter) {
            failWithMessage("Expected lease %s to have leaseCounter <%s> but it was <%s>", actual.leaseKey(), counter,
                    actual.counter());
        }
        return this;
    }

    /** The lease has the checkpoint stored as {@code value}. */
    public LeaseAssert hasCheckpoint(String value) {
        return hasCheckpoint(Checkpoint.of(value));
    }

    /** The lease has this checkpoint. */
    public LeaseAssert hasCheckpoint(Checkpoint checkpoint) {
        isNotNull();
        if (!Objects.equals(actual.checkpoint(), checkpoint)) {
            failWithMessage("Expected lease %s to have checkpoint <%s> but it was <%s>", actual.leaseKey(),
                    checkpoint, actual.checkpoint());
        }
        return this;
    }

    /** The lease has no checkpoint. */
    public LeaseAssert hasNoCheckpoint() {
        return hasCheckpoint((Checkpoint) null);
    }

    /** The lease has this pending (prepared) checkpoint. */
    public LeaseAssert hasPendingCheckpoint(Checkpoint pending) {
        isNotNull();
        if (!Objects.equals(actual.pendingCheckpoint(), pending)) {
            failWithMessage("Expected lease %s to have pendingCheckpoint <%s> but it was <%s>", actual.leaseKey(),
                    pending, actual.pendingCheckpoint());
        }
        return this;
    }

    /** The lease has no pending (prepared) checkpoint. */
    public LeaseAssert hasNoPendingCheckpoint() {
        hasPendingCheckpoint(null);
        return hasPendingState(null);
    }

    /** The checkpoint carries {@code state}. */
    public LeaseAssert hasState(byte[] state) {
        isNotNull();
        if (!Arrays.equals(actual.state(), state)) {
            failWithMessage("Expected lease %s to have state %s but it was %s", actual.leaseKey(), describe(state),
                    describe(actual.state()));
        }
        return this;
    }

    /** The pending checkpoint carries {@code state}. */
    public LeaseAssert hasPendingState(byte[] state) {
        isNotNull();
        if (!Arrays.equals(actual.pendingState(), state)) {
            failWithMessage("Expected lease %s to have pendingState %s but it was %s", actual.leaseKey(),
                    describe(state), describe(actual.pendingState()));
        }
        return this;
    }

    /** A handoff to {@code pendingOwner} is pending. */
    public LeaseAssert hasPendingOwner(String pendingOwner) {
        isNotNull();
        if (!Objects.equals(actual.pendingOwner(), pendingOwner)) {
            failWithMessage("Expected lease %s to have pendingOwner <%s> but it was <%s>", actual.leaseKey(),
                    pendingOwner, actual.pendingOwner());
        }
        return this;
    }

    /** No handoff is pending. */
    public LeaseAssert hasNoPendingOwner() {
        return hasPendingOwner(null);
    }

    /** The owner changed {@code switches} times since the last checkpoint. */
    public LeaseAssert hasOwnerSwitchesSinceCheckpoint(long switches) {
        isNotNull();
        if (actual.ownerSwitchesSinceCheckpoint() != switches) {
            failWithMessage("Expected lease %s to have ownerSwitchesSinceCheckpoint <%s> but it was <%s>",
                    actual.leaseKey(), switches, actual.ownerSwitchesSinceCheckpoint());
        }
        return this;
    }

    private static String describe(byte[] bytes) {
        if (bytes == null) {
            return "<no state>";
        }
        return bytes.length <= 16 ? Arrays.toString(bytes) : "<" + bytes.length + " bytes, hash "
                + Arrays.hashCode(bytes) + ">";
    }
}
