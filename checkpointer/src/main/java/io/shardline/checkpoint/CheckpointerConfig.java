package io.shardline.checkpoint;

import io.shardline.lease.internal.shared.ConfigChecks;

/**
 * Immutable checkpointer settings. {@link #defaults()}, {@link #builder()}, {@link #toBuilder()}; a bad value fails
 * at {@link Builder#build()} with a message naming the field and the value.
 */
public final class CheckpointerConfig {

    /** Default cap of the application state written with a checkpoint: 64 KiB. */
    public static final int DEFAULT_MAX_STATE_BYTES = 64 * 1024;

    /**
     * Hard cap of {@link #maxStateBytes()}: 128 KiB. A lease item may hold both the committed and the pending state,
     * so two full states plus the lease attributes stay well under DynamoDB's 400 KB item limit.
     */
    public static final int HARD_MAX_STATE_BYTES = 128 * 1024;

    private static final CheckpointerConfig DEFAULTS = builder().build();

    private final int maxStateBytes;
    private final boolean shardTagEnabled;

    private CheckpointerConfig(Builder builder) {
        this.maxStateBytes = builder.maxStateBytes;
        this.shardTagEnabled = builder.shardTagEnabled;
    }

    /**
     * Every setting at its default.
     *
     * @return the default configuration
     */
    public static CheckpointerConfig defaults() {
        return DEFAULTS;
    }

    /**
     * A builder starting from the defaults.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder holding these values.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        return new Builder().maxStateBytes(maxStateBytes).shardTagEnabled(shardTagEnabled);
    }

    /** The largest application state, in bytes, a checkpoint may carry; 0 disables state. */
    public int maxStateBytes() {
        return maxStateBytes;
    }

    /**
     * Whether the checkpoint meters carry a {@code shard} tag (the lease key). Off by default: one time series per
     * shard is costly with many shards.
     */
    public boolean shardTagEnabled() {
        return shardTagEnabled;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CheckpointerConfig other
                && maxStateBytes == other.maxStateBytes
                && shardTagEnabled == other.shardTagEnabled;
    }

    @Override
    public int hashCode() {
        return 31 * maxStateBytes + Boolean.hashCode(shardTagEnabled);
    }

    @Override
    public String toString() {
        return "CheckpointerConfig{maxStateBytes=" + maxStateBytes + ", shardTagEnabled=" + shardTagEnabled + "}";
    }

    /** Builder of {@link CheckpointerConfig}; starts from the defaults. */
    public static final class Builder {

        private static final ConfigChecks CHECK = ConfigChecks.of("CheckpointerConfig");

        private int maxStateBytes = DEFAULT_MAX_STATE_BYTES;
        private boolean shardTagEnabled;

        private Builder() {
        }

        /** See {@link CheckpointerConfig#maxStateBytes()}; 0 to {@link #HARD_MAX_STATE_BYTES}. */
        public Builder maxStateBytes(int maxStateBytes) {
            this.maxStateBytes = maxStateBytes;
            return this;
        }

        /** See {@link CheckpointerConfig#shardTagEnabled()}. */
        public Builder shardTagEnabled(boolean shardTagEnabled) {
            this.shardTagEnabled = shardTagEnabled;
            return this;
        }

        /** @throws IllegalArgumentException naming the field and the value when a value is out of range */
        public CheckpointerConfig build() {
            CHECK.between("maxStateBytes", maxStateBytes, 0, HARD_MAX_STATE_BYTES);
            return new CheckpointerConfig(this);
        }
    }
}
