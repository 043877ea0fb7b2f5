package io.shardline.lease;

import io.shardline.lease.internal.shared.ConfigChecks;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Where and how the DynamoDB lease table and its coordination table live. Immutable; build with
 * {@link #builder(String)}, copy with {@link #toBuilder()}. A bad value fails at {@link Builder#build()} with a message
 * naming the field and the value.
 *
 * <ul>
 *   <li>{@code tableName}: the lease table (by convention the application name); DynamoDB rules apply: 3-255
 *       characters of {@code [a-zA-Z0-9_.-]}.</li>
 *   <li>{@code coordinationTableName}: member heartbeats and the leader item; defaults to
 *       {@code <tableName>-coordination}.</li>
 *   <li>{@code statusTableName}: the workers' status items (for operators and the leader's load-aware
 *       assignment), kept out of the coordination table so the members' per-round membership Scan does not read
 *       them; defaults to {@code <tableName>-status}.</li>
 *   <li>{@code billingMode}: {@link BillingMode#PAY_PER_REQUEST} (default), or {@link BillingMode#PROVISIONED} with
 *       {@code readCapacity} and {@code writeCapacity} (both tables and the owner index get the same capacity).</li>
 *   <li>{@code tableCreationTimeout}: how long {@code initialize()} waits for a table (and its indexes) to become
 *       ACTIVE; default 5 minutes.</li>
 *   <li>{@code tags}: tags put on both tables when Shardline creates them ({@code TagResource} once ACTIVE); none
 *       by default. At most 50, keys 1-128 and values 0-256 characters, keys not starting with {@code aws:}.</li>
 *   <li>{@code deletionProtection}: created tables have DynamoDB deletion protection; off by default (as KCL).</li>
 *   <li>{@code pointInTimeRecovery}: point-in-time recovery is turned on for created tables
 *       ({@code UpdateContinuousBackups} once ACTIVE); off by default (as KCL). A failure fails
 *       {@code initialize()} naming the table.</li>
 *   <li>{@code onTableCreated}: called with a table's name after Shardline created it and applied the settings
 *       above (KCL's {@code tableCreatorCallback}), on the thread of {@code initialize()}; an exception it throws fails
 *       {@code initialize()}. Not called for a table that already existed.</li>
 * </ul>
 * Settings that apply at creation never change an existing table.
 */
public final class LeaseTableConfig {

    /** How DynamoDB bills the tables Shardline creates. Existing tables are never changed. */
    public enum BillingMode { PAY_PER_REQUEST, PROVISIONED }

    public static final Duration DEFAULT_TABLE_CREATION_TIMEOUT = Duration.ofMinutes(5);
    static final String COORDINATION_SUFFIX = "-coordination";
    static final String STATUS_SUFFIX = "-status";
    private static final Pattern TABLE_NAME = Pattern.compile("[a-zA-Z0-9_.-]{3,255}");
    private static final Consumer<String> NO_CALLBACK = table -> { };
    /** DynamoDB's limit of tags per resource. */
    public static final int MAX_TAGS = 50;

    private final String tableName;
    private final String coordinationTableName;
    private final String statusTableName;
    private final BillingMode billingMode;
    private final long readCapacity;
    private final long writeCapacity;
    private final Duration tableCreationTimeout;
    private final Map<String, String> tags;
    private final boolean deletionProtection;
    private final boolean pointInTimeRecovery;
    private final Consumer<String> onTableCreated;

    private LeaseTableConfig(Builder b) {
        this.tableName = b.tableName;
        this.coordinationTableName = b.coordinationTableName == null
                ? b.tableName + COORDINATION_SUFFIX : b.coordinationTableName;
        this.statusTableName = b.statusTableName == null ? b.tableName + STATUS_SUFFIX : b.statusTableName;
        this.billingMode = b.billingMode;
        this.readCapacity = b.readCapacity;
        this.writeCapacity = b.writeCapacity;
        this.tableCreationTimeout = b.tableCreationTimeout;
        this.tags = Collections.unmodifiableMap(new TreeMap<>(b.tags));
        this.deletionProtection = b.deletionProtection;
        this.pointInTimeRecovery = b.pointInTimeRecovery;
        this.onTableCreated = b.onTableCreated;
    }

    /** Defaults for the lease table {@code tableName}. */
    public static LeaseTableConfig of(String tableName) {
        return builder(tableName).build();
    }

    /**
     * A builder starting from the defaults, for {@code tableName}.
     *
     * @param tableName the required value
     * @return a new builder
     */
    public static Builder builder(String tableName) {
        return new Builder().tableName(tableName);
    }

    /**
     * A builder holding these values.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.tableName = tableName;
        // Keep an explicit coordination name explicit, but let a derived one follow a changed tableName.
        b.coordinationTableName = coordinationTableName.equals(tableName + COORDINATION_SUFFIX)
                ? null : coordinationTableName;
        b.statusTableName = statusTableName.equals(tableName + STATUS_SUFFIX) ? null : statusTableName;
        b.billingMode = billingMode;
        b.readCapacity = readCapacity;
        b.writeCapacity = writeCapacity;
        b.tableCreationTimeout = tableCreationTimeout;
        b.tags = new LinkedHashMap<>(tags);
        b.deletionProtection = deletionProtection;
        b.pointInTimeRecovery = pointInTimeRecovery;
        b.onTableCreated = onTableCreated;
        return b;
    }

    /** The lease table. */
    public String tableName() {
        return tableName;
    }

    /** The coordination table: {@code <tableName>-coordination} unless set. */
    public String coordinationTableName() {
        return coordinationTableName;
    }

    /** The status table: {@code <tableName>-status} unless set. */
    public String statusTableName() {
        return statusTableName;
    }

    /** How the tables are billed when created: on demand or provisioned. */
    public BillingMode billingMode() {
        return billingMode;
    }

    /** Read capacity units of created tables when {@link BillingMode#PROVISIONED}; 0 otherwise. */
    public long readCapacity() {
        return readCapacity;
    }

    /** Write capacity units of created tables when {@link BillingMode#PROVISIONED}; 0 otherwise. */
    public long writeCapacity() {
        return writeCapacity;
    }

    /** How long creating a table may take until it is ACTIVE. */
    public Duration tableCreationTimeout() {
        return tableCreationTimeout;
    }

    /** Tags put on the tables Shardline creates (sorted by key); empty by default. */
    public Map<String, String> tags() {
        return tags;
    }

    /** Whether created tables get DynamoDB deletion protection. */
    public boolean deletionProtection() {
        return deletionProtection;
    }

    /** Whether point-in-time recovery is turned on for created tables. */
    public boolean pointInTimeRecovery() {
        return pointInTimeRecovery;
    }

    /** Called with a table's name after Shardline created it; a no-op by default. */
    public Consumer<String> onTableCreated() {
        return onTableCreated;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LeaseTableConfig c
                && tableName.equals(c.tableName)
                && coordinationTableName.equals(c.coordinationTableName)
                && statusTableName.equals(c.statusTableName)
                && billingMode == c.billingMode
                && readCapacity == c.readCapacity
                && writeCapacity == c.writeCapacity
                && tableCreationTimeout.equals(c.tableCreationTimeout)
                && tags.equals(c.tags)
                && deletionProtection == c.deletionProtection
                && pointInTimeRecovery == c.pointInTimeRecovery
                && onTableCreated.equals(c.onTableCreated);
    }

    @Override
    public int hashCode() {
        return Objects.hash(tableName, coordinationTableName, statusTableName, billingMode, readCapacity, writeCapacity,
                tableCreationTimeout, tags, deletionProtection, pointInTimeRecovery, onTableCreated);
    }

    @Override
    public String toString() {
        return "LeaseTableConfig{tableName=" + tableName + ", coordinationTableName=" + coordinationTableName
                + ", statusTableName=" + statusTableName
                + ", billingMode=" + billingMode
                + (billingMode == BillingMode.PROVISIONED ? ", read=" + readCapacity + ", write=" + writeCapacity : "")
                + ", tableCreationTimeout=" + tableCreationTimeout
                + (tags.isEmpty() ? "" : ", tags=" + tags)
                + (deletionProtection ? ", deletionProtection" : "")
                + (pointInTimeRecovery ? ", pointInTimeRecovery" : "")
                + (onTableCreated == NO_CALLBACK ? "" : ", onTableCreated=" + onTableCreated) + "}";
    }

    public static final class Builder {

        private static final ConfigChecks CHECK = ConfigChecks.of("LeaseTableConfig");

        private String tableName;
        private String coordinationTableName;
        private String statusTableName;
        private BillingMode billingMode = BillingMode.PAY_PER_REQUEST;
        private long readCapacity;
        private long writeCapacity;
        private Duration tableCreationTimeout = DEFAULT_TABLE_CREATION_TIMEOUT;
        private Map<String, String> tags = new LinkedHashMap<>();
        private boolean deletionProtection;
        private boolean pointInTimeRecovery;
        private Consumer<String> onTableCreated = NO_CALLBACK;

        private Builder() {
        }

        /** Replaces the tags put on created tables. */
        public Builder tags(Map<String, String> tags) {
            this.tags = tags == null ? null : new LinkedHashMap<>(tags);
            return this;
        }

        /** Adds one tag put on created tables. */
        public Builder tag(String key, String value) {
            if (tags != null) {
                tags.put(key, value);
            }
            return this;
        }

        public Builder deletionProtection(boolean deletionProtection) {
            this.deletionProtection = deletionProtection;
            return this;
        }

        public Builder pointInTimeRecovery(boolean pointInTimeRecovery) {
            this.pointInTimeRecovery = pointInTimeRecovery;
            return this;
        }

        /** Called with a table's name after Shardline created it (see the class comment). */
        public Builder onTableCreated(Consumer<String> onTableCreated) {
            this.onTableCreated = onTableCreated;
            return this;
        }

        /**
         * Sets {@code tableName}; {@code build()} checks it.
         *
         * @param tableName the value
         * @return this builder
         */
        public Builder tableName(String tableName) {
            this.tableName = tableName;
            return this;
        }

        /** {@code null} restores the default {@code <tableName>-coordination}. */
        public Builder coordinationTableName(String coordinationTableName) {
            this.coordinationTableName = coordinationTableName;
            return this;
        }

        /** {@code null} restores the default {@code <tableName>-status}. */
        public Builder statusTableName(String statusTableName) {
            this.statusTableName = statusTableName;
            return this;
        }

        /**
         * Sets {@code billingMode}; {@code build()} checks it.
         *
         * @param billingMode the value
         * @return this builder
         */
        public Builder billingMode(BillingMode billingMode) {
            this.billingMode = billingMode;
            return this;
        }

        /**
         * Sets {@link LeaseTableConfig#readCapacity()}.
         *
         * @param readCapacity the value (checked by {@code build()})
         * @return this builder
         */
        public Builder readCapacity(long readCapacity) {
            this.readCapacity = readCapacity;
            return this;
        }

        /**
         * Sets {@link LeaseTableConfig#writeCapacity()}.
         *
         * @param writeCapacity the value (checked by {@code build()})
         * @return this builder
         */
        public Builder writeCapacity(long writeCapacity) {
            this.writeCapacity = writeCapacity;
            return this;
        }

        /** PROVISIONED billing with the given capacity units. */
        public Builder provisioned(long readCapacity, long writeCapacity) {
            return billingMode(BillingMode.PROVISIONED).readCapacity(readCapacity).writeCapacity(writeCapacity);
        }

        /** PAY_PER_REQUEST billing (the default); clears any capacity set before. */
        public Builder payPerRequest() {
            return billingMode(BillingMode.PAY_PER_REQUEST).readCapacity(0).writeCapacity(0);
        }

        /**
         * Sets {@code tableCreationTimeout}; {@code build()} checks it.
         *
         * @param tableCreationTimeout the value
         * @return this builder
         */
        public Builder tableCreationTimeout(Duration tableCreationTimeout) {
            this.tableCreationTimeout = tableCreationTimeout;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @return the LeaseTableConfig
         * @throws IllegalArgumentException naming the field and the value of the first rule broken
         */
        public LeaseTableConfig build() {
            checkTableName("tableName", tableName);
            if (coordinationTableName != null) {
                checkTableName("coordinationTableName", coordinationTableName);
            } else {
                checkTableName("coordinationTableName (derived)", tableName + COORDINATION_SUFFIX);
            }
            if (tableName.equals(coordinationTableName)) {
                throw CHECK.invalid("coordinationTableName", coordinationTableName, "must differ from tableName");
            }
            if (statusTableName != null) {
                checkTableName("statusTableName", statusTableName);
            } else {
                checkTableName("statusTableName (derived)", tableName + STATUS_SUFFIX);
            }
            String status = statusTableName == null ? tableName + STATUS_SUFFIX : statusTableName;
            String coordination = coordinationTableName == null ? tableName + COORDINATION_SUFFIX
                    : coordinationTableName;
            if (status.equals(tableName) || status.equals(coordination)) {
                throw CHECK.invalid("statusTableName", status,
                        "must differ from tableName and coordinationTableName");
            }
            if (billingMode == null) {
                throw CHECK.invalid("billingMode", null, "must not be null");
            }
            if (billingMode == BillingMode.PROVISIONED) {
                checkCapacity("readCapacity", readCapacity);
                checkCapacity("writeCapacity", writeCapacity);
            } else {
                checkNoCapacity("readCapacity", readCapacity);
                checkNoCapacity("writeCapacity", writeCapacity);
            }
            CHECK.positive("tableCreationTimeout", tableCreationTimeout);
            checkTags();
            if (onTableCreated == null) {
                throw CHECK.invalid("onTableCreated", null, "must not be null");
            }
            return new LeaseTableConfig(this);
        }

        private void checkTags() {
            if (tags == null) {
                throw CHECK.invalid("tags", null, "must not be null");
            }
            if (tags.size() > MAX_TAGS) {
                throw CHECK.invalid("tags", tags.size() + " tags", "must hold at most " + MAX_TAGS);
            }
            tags.forEach((key, value) -> {
                if (key == null || key.isEmpty() || key.length() > 128 || key.startsWith("aws:")) {
                    throw CHECK.invalid("tags", "key " + (key == null ? null : "'" + key + "'"),
                            "keys must be 1-128 characters, not starting with aws:");
                }
                if (value == null || value.length() > 256) {
                    throw CHECK.invalid("tags", "value of " + key + " " + (value == null ? null : value.length()
                            + " characters"), "values must be 0-256 characters");
                }
            });
        }

        private static void checkTableName(String field, String value) {
            if (value == null || !TABLE_NAME.matcher(value).matches()) {
                throw CHECK.invalid(field, value == null ? null : "'" + value + "'",
                        "must be 3-255 characters of [a-zA-Z0-9_.-]");
            }
        }

        private static void checkCapacity(String field, long value) {
            if (value < 1) {
                throw CHECK.invalid(field, value, "must be >= 1 with billingMode=PROVISIONED");
            }
        }

        private static void checkNoCapacity(String field, long value) {
            if (value != 0) {
                throw CHECK.invalid(field, value, "is only allowed with billingMode=PROVISIONED (billingMode is "
                        + "PAY_PER_REQUEST; use provisioned(read, write))");
            }
        }
    }
}
