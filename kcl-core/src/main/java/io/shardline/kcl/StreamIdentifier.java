package io.shardline.kcl;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One stream of a multi-stream application, as Amazon KCL identifies it: {@code account:streamName:creationEpoch}
 * (KCL's {@code StreamIdentifier.serialize()} of a multi-stream instance). The creation epoch (seconds, from
 * {@code DescribeStreamSummary}'s {@code StreamCreationTimestamp}) tells a deleted and re-created stream of the same
 * name from the old one: their lease keys differ.
 *
 * <p>A multi-stream lease key is {@code account:streamName:creationEpoch:shardId} (KCL's
 * {@code MultiStreamLease.getLeaseKey}); a single-stream application keeps plain {@code shardId-...} keys.
 *
 * @param accountId     the 12-digit (or any all-digit) AWS account id
 * @param streamName    the stream's name (no {@code :})
 * @param creationEpoch the stream's creation time in epoch seconds, {@code > 0}
 */
public record StreamIdentifier(String accountId, String streamName, long creationEpoch) {

    /** KCL's serialized form: {@code <accountId>:<streamName>:<creationEpoch>}. */
    private static final Pattern SERIALIZED = Pattern.compile("([0-9]+):([^:]+):([0-9]+)");
    /** A multi-stream lease key: the serialized identifier, {@code :}, the shard id. */
    private static final Pattern LEASE_KEY = Pattern.compile("([0-9]+):([^:]+):([0-9]+):([^:]+)");

    public StreamIdentifier {
        if (accountId == null || !accountId.matches("[0-9]+")) {
            throw new IllegalArgumentException("StreamIdentifier.accountId must be all digits, was " + accountId);
        }
        if (streamName == null || streamName.isBlank() || streamName.contains(":")) {
            throw new IllegalArgumentException("StreamIdentifier.streamName must be a stream name without ':', was "
                    + streamName);
        }
        if (creationEpoch <= 0) {
            throw new IllegalArgumentException("StreamIdentifier.creationEpoch must be > 0, was " + creationEpoch);
        }
    }

    /**
     * Parses KCL's serialized form {@code account:streamName:creationEpoch}.
     *
     * @throws IllegalArgumentException naming the value when it is not in that form
     */
    public static StreamIdentifier parse(String serialized) {
        Matcher m = serialized == null ? null : SERIALIZED.matcher(serialized);
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("a stream identifier must be account:streamName:creationEpoch, was "
                    + serialized);
        }
        return new StreamIdentifier(m.group(1), m.group(2), epoch(m.group(3), serialized));
    }

    /**
     * The identifier of a stream from its ARN ({@code arn:<partition>:kinesis:<region>:<account>:stream/<name>}) and
     * creation time, as KCL's {@code multiStreamInstance(Arn, long)}.
     */
    public static StreamIdentifier fromArn(String streamArn, long creationEpoch) {
        String[] parts = streamArn == null ? new String[0] : streamArn.split(":", 6);
        if (parts.length != 6 || !parts[5].startsWith("stream/") || !"kinesis".equals(parts[2])) {
            throw new IllegalArgumentException("not a Kinesis stream ARN: " + streamArn);
        }
        return new StreamIdentifier(parts[4], parts[5].substring("stream/".length()), creationEpoch);
    }

    /** The stream identifier of a multi-stream lease key; empty for a single-stream key ({@code shardId-...}). */
    public static Optional<StreamIdentifier> ofLeaseKey(String leaseKey) {
        Matcher m = leaseKey == null ? null : LEASE_KEY.matcher(leaseKey);
        if (m == null || !m.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new StreamIdentifier(m.group(1), m.group(2), Long.parseLong(m.group(3))));
        } catch (IllegalArgumentException notAnIdentifier) {
            return Optional.empty(); // epoch 0 or out of range: not a key KCL would write
        }
    }

    /** The shard id in {@code leaseKey}: the last part of a multi-stream key, the key itself otherwise. */
    public static String shardIdOf(String leaseKey) {
        Objects.requireNonNull(leaseKey, "leaseKey");
        return ofLeaseKey(leaseKey).map(id -> leaseKey.substring(id.serialize().length() + 1)).orElse(leaseKey);
    }

    /** {@code account:streamName:creationEpoch}, as KCL writes it into the {@code streamName} lease attribute. */
    public String serialize() {
        return accountId + ":" + streamName + ":" + creationEpoch;
    }

    /** The lease key of {@code shardId} of this stream: {@code account:streamName:creationEpoch:shardId}. */
    public String leaseKey(String shardId) {
        if (shardId == null || shardId.isBlank() || shardId.contains(":")) {
            throw new IllegalArgumentException("a shard id must be non-blank without ':', was " + shardId);
        }
        return serialize() + ":" + shardId;
    }

    /** Whether {@code leaseKey} is a lease of this stream. */
    public boolean owns(String leaseKey) {
        return leaseKey != null && leaseKey.startsWith(serialize() + ":") && ofLeaseKey(leaseKey).isPresent();
    }

    private static long epoch(String digits, String whole) {
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the creation epoch of " + whole + " is out of range", e);
        }
    }

    @Override
    public String toString() {
        return serialize();
    }
}
