package io.shardline.kcl.internal.aws;

import java.time.Instant;
import java.util.Objects;

/**
 * Where a shard iterator or a subscription starts, in Kinesis terms (a whole Kinesis record, no sub-sequence).
 *
 * @param type           the iterator type
 * @param sequenceNumber the sequence number of the {@code *_SEQUENCE_NUMBER} types, else {@code null}
 * @param timestamp      the timestamp of {@link Type#AT_TIMESTAMP}, else {@code null}
 */
public record IteratorPosition(Type type, String sequenceNumber, Instant timestamp) {

    /** The Kinesis iterator types. */
    public enum Type { TRIM_HORIZON, LATEST, AT_TIMESTAMP, AT_SEQUENCE_NUMBER, AFTER_SEQUENCE_NUMBER }

    public IteratorPosition {
        Objects.requireNonNull(type, "type");
        boolean bySequence = type == Type.AT_SEQUENCE_NUMBER || type == Type.AFTER_SEQUENCE_NUMBER;
        if (bySequence != (sequenceNumber != null) || (type == Type.AT_TIMESTAMP) != (timestamp != null)) {
            throw new IllegalArgumentException("invalid iterator position " + type + " " + sequenceNumber + " "
                    + timestamp);
        }
    }

    public static IteratorPosition trimHorizon() {
        return new IteratorPosition(Type.TRIM_HORIZON, null, null);
    }

    public static IteratorPosition latest() {
        return new IteratorPosition(Type.LATEST, null, null);
    }

    public static IteratorPosition atTimestamp(Instant timestamp) {
        return new IteratorPosition(Type.AT_TIMESTAMP, null, timestamp);
    }

    public static IteratorPosition atSequenceNumber(String sequenceNumber) {
        return new IteratorPosition(Type.AT_SEQUENCE_NUMBER, sequenceNumber, null);
    }

    public static IteratorPosition afterSequenceNumber(String sequenceNumber) {
        return new IteratorPosition(Type.AFTER_SEQUENCE_NUMBER, sequenceNumber, null);
    }

    @Override
    public String toString() {
        if (sequenceNumber != null) {
            return type + "(" + sequenceNumber + ")";
        }
        return timestamp != null ? type + "(" + timestamp + ")" : type.name();
    }
}
