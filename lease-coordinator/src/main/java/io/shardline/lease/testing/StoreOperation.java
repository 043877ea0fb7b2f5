package io.shardline.lease.testing;

import io.shardline.lease.CoordinationStore;
import io.shardline.lease.LeaseStore;

/**
 * Every call of {@link LeaseStore} and {@link CoordinationStore}, named for the cost counters and the fault
 * injection of the in-memory stores (see {@link StoreInstrumentation}). {@link #isWrite()} tells a write (a
 * DynamoDB write request unit, applied or not) from a read.
 */
public enum StoreOperation {
    // lease table
    GET(false),
    LIST(false),
    LIST_OWNED_BY(false),
    CREATE_IF_ABSENT(true),
    TRANSFER(true),
    REQUEST_HANDOFF(true),
    CHECKPOINT(true),
    UPDATE_CHILDREN(true),
    DELETE(true),
    PUT(true),
    // coordination table
    HEARTBEAT(true),
    LIST_MEMBERS(false),
    NOTIFY_MEMBER(true),
    REMOVE_MEMBER(true),
    READ_LEADER(false),
    TRY_ACQUIRE_LEADER(true),
    RENEW_LEADER(true),
    RELEASE_LEADER(true),
    PUBLISH_STATUS(true),
    LIST_STATUSES(false),
    REMOVE_STATUS(true);

    private final boolean write;

    StoreOperation(boolean write) {
        this.write = write;
    }

    /** True for operations that write (and cost write capacity). */
    public boolean isWrite() {
        return write;
    }
}
