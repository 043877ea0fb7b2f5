package io.shardline.kcl;

import io.shardline.checkpoint.ExtendedSequenceNumber;
import java.time.Instant;
import java.util.Objects;

/**
 * Where a record fetcher starts reading a shard. Create with the named factories.
 *
 * <p>Positions at or after a sequence number are exact to the user record: Kinesis iterators address whole
 * (aggregated) records, so the fetcher asks for {@code AT_SEQUENCE_NUMBER} and drops the user records of that
 * aggregate that lie before the position. {@link #afterSequenceNumber} does this for every sub-sequence number,
 * including 0, because a checkpoint {@code (seq, 0)} cannot tell a plain record from the first user record of an
 * aggregate (Amazon KCL resumes the same way). Immutable.
 *
 * @param kind           what kind of position this is
 * @param timestamp      the timestamp of {@link Kind#AT_TIMESTAMP}, else {@code null}
 * @param sequenceNumber the position of {@link Kind#AT_SEQUENCE_NUMBER} / {@link Kind#AFTER_SEQUENCE_NUMBER}, else
 *                       {@code null}; always a real sequence number, never a sentinel
 */
public record StartingPosition(Kind kind, Instant timestamp, ExtendedSequenceNumber sequenceNumber) {

    /** The kinds of starting position. */
    public enum Kind {
        /** The oldest record still in the shard. */
        TRIM_HORIZON,
        /** Only records added after the fetcher starts. */
        LATEST,
        /** The first record that arrived at or after {@link StartingPosition#timestamp()}. */
        AT_TIMESTAMP,
        /** The user record at {@link StartingPosition#sequenceNumber()}, inclusive. */
        AT_SEQUENCE_NUMBER,
        /** The user record right after {@link StartingPosition#sequenceNumber()}: resuming from a checkpoint. */
        AFTER_SEQUENCE_NUMBER
    }

    private static final StartingPosition TRIM_HORIZON = new StartingPosition(Kind.TRIM_HORIZON, null, null);
    private static final StartingPosition LATEST = new StartingPosition(Kind.LATEST, null, null);

    /** Checks the components (non-null where the record description does not say otherwise). */
    public StartingPosition {
        Objects.requireNonNull(kind, "kind");
        boolean needsTimestamp = kind == Kind.AT_TIMESTAMP;
        boolean needsSequence = kind == Kind.AT_SEQUENCE_NUMBER || kind == Kind.AFTER_SEQUENCE_NUMBER;
        if (needsTimestamp != (timestamp != null)) {
            throw new IllegalArgumentException("timestamp must be " + (needsTimestamp ? "set" : "null")
                    + " for " + kind + ", was " + timestamp);
        }
        if (needsSequence != (sequenceNumber != null)) {
            throw new IllegalArgumentException("sequenceNumber must be " + (needsSequence ? "set" : "null")
                    + " for " + kind + ", was " + sequenceNumber);
        }
        if (sequenceNumber != null && sequenceNumber.isSentinel()) {
            throw new IllegalArgumentException("sequenceNumber of " + kind + " must be a real sequence number, was "
                    + sequenceNumber);
        }
    }

    /** The oldest record the stream keeps. */
    public static StartingPosition trimHorizon() {
        return TRIM_HORIZON;
    }

    /** Only records written from now on. */
    public static StartingPosition latest() {
        return LATEST;
    }

    /** The first record written at or after {@code timestamp}. */
    public static StartingPosition atTimestamp(Instant timestamp) {
        return new StartingPosition(Kind.AT_TIMESTAMP, Objects.requireNonNull(timestamp, "timestamp"), null);
    }

    /** The record at {@code sequenceNumber}. */
    public static StartingPosition atSequenceNumber(ExtendedSequenceNumber sequenceNumber) {
        return new StartingPosition(Kind.AT_SEQUENCE_NUMBER, null,
                Objects.requireNonNull(sequenceNumber, "sequenceNumber"));
    }

    /** The record after {@code sequenceNumber}. */
    public static StartingPosition afterSequenceNumber(ExtendedSequenceNumber sequenceNumber) {
        return new StartingPosition(Kind.AFTER_SEQUENCE_NUMBER, null,
                Objects.requireNonNull(sequenceNumber, "sequenceNumber"));
    }

    /**
     * Where to resume from a checkpoint read from the lease table: a sentinel maps to its position (the
     * {@code AT_TIMESTAMP} sentinel to {@code initialTimestamp}), a real sequence number to
     * {@link #afterSequenceNumber}.
     *
     * @throws IllegalArgumentException for {@code SHARD_END} (nothing is left to read) or for {@code AT_TIMESTAMP}
     *     without {@code initialTimestamp}
     */
    public static StartingPosition fromCheckpoint(ExtendedSequenceNumber checkpoint, Instant initialTimestamp) {
        Objects.requireNonNull(checkpoint, "checkpoint");
        if (!checkpoint.isSentinel()) {
            return afterSequenceNumber(checkpoint);
        }
        ExtendedSequenceNumber.Sentinel sentinel = checkpoint.sentinel().orElseThrow();
        switch (sentinel) {
            case TRIM_HORIZON:
                return trimHorizon();
            case LATEST:
                return latest();
            case AT_TIMESTAMP:
                if (initialTimestamp == null) {
                    throw new IllegalArgumentException("checkpoint AT_TIMESTAMP needs an initialTimestamp");
                }
                return atTimestamp(initialTimestamp);
            default:
                throw new IllegalArgumentException("cannot start reading from checkpoint " + checkpoint);
        }
    }

    @Override
    public String toString() {
        switch (kind) {
            case AT_TIMESTAMP:
                return "AT_TIMESTAMP(" + timestamp + ")";
            case AT_SEQUENCE_NUMBER:
            case AFTER_SEQUENCE_NUMBER:
                return kind + "(" + sequenceNumber + ")";
            default:
                return kind.name();
        }
    }
}
