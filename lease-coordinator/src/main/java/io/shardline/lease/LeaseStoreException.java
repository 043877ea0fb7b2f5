package io.shardline.lease;

/**
 * A storage failure of the lease or coordination table, translated once from the storage SDK. {@link #isRetryable()}
 * tells a transient failure (throttling, 5xx, network) from a fatal one (missing permissions, wrong table schema).
 * Carries the table name and, when known, the lease key. A lost fence is not an exception: see {@link WriteResult}.
 */
public class LeaseStoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String table;
    private final String leaseKey;
    private final boolean retryable;

    /** A store failure on {@code table} (and {@code leaseKey}, may be null); {@code retryable} when trying again may succeed. */
    public LeaseStoreException(String message, String table, String leaseKey, boolean retryable, Throwable cause) {
        super(message + " (table=" + table + (leaseKey == null ? "" : ", leaseKey=" + leaseKey)
                + (retryable ? ", retryable" : ", fatal") + ")", cause);
        this.table = table;
        this.leaseKey = leaseKey;
        this.retryable = retryable;
    }

    /** The table the failing call went to. */
    public String table() {
        return table;
    }

    /** The lease key the failing call was about, or {@code null}. */
    public String leaseKey() {
        return leaseKey;
    }

    /** True when trying again may succeed (throttling, a timeout, an outage). */
    public boolean isRetryable() {
        return retryable;
    }
}
