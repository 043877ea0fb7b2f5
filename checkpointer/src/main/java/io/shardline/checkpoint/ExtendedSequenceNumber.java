package io.shardline.checkpoint;

import io.shardline.lease.Checkpoint;
import java.util.Objects;
import java.util.Optional;

/**
 * A position in a shard: a Kinesis sequence number plus the sub-sequence number of a user record inside a KPL
 * aggregate, or one of the {@linkplain Sentinel sentinels}.
 *
 * <p><b>Ordering</b> (KCL's, so checkpoints written by either library compare the same way):
 * {@code AT_TIMESTAMP < TRIM_HORIZON < LATEST < every real sequence number < SHARD_END}. Real sequence numbers are
 * decimal strings (Kinesis allows up to 129 digits; real ones are ~56 digits, so they do not fit a {@code long})
 * compared numerically, then by sub-sequence number.
 *
 * <p>Numeric comparison without {@link java.math.BigInteger}: the value is canonical (leading zeros are stripped at
 * construction, so {@code equals} agrees with {@code compareTo}), hence a longer string is a larger number and two
 * strings of one length compare lexicographically. No allocation on the hot path.
 *
 * @param sequenceNumber    decimal digits, or a sentinel name ({@code TRIM_HORIZON}, {@code LATEST},
 *                          {@code AT_TIMESTAMP}, {@code SHARD_END})
 * @param subSequenceNumber the user record's index inside an aggregated record, {@code >= 0}; always 0 for sentinels
 */
public record ExtendedSequenceNumber(String sequenceNumber, long subSequenceNumber)
        implements Comparable<ExtendedSequenceNumber> {

    /** Upper bound of a Kinesis sequence number's length ({@code 0|([1-9]\d{0,128})} in the Kinesis API). */
    public static final int MAX_DIGITS = 129;

    private static final ExtendedSequenceNumber TRIM_HORIZON = new ExtendedSequenceNumber("TRIM_HORIZON", 0);
    private static final ExtendedSequenceNumber LATEST = new ExtendedSequenceNumber("LATEST", 0);
    private static final ExtendedSequenceNumber AT_TIMESTAMP = new ExtendedSequenceNumber("AT_TIMESTAMP", 0);
    private static final ExtendedSequenceNumber SHARD_END = new ExtendedSequenceNumber("SHARD_END", 0);

    /** The closed set of sentinel positions, in ascending order (their {@code ordinal} defines it). */
    public enum Sentinel {
        /** Start at a timestamp (the timestamp itself is configuration, not part of the checkpoint). */
        AT_TIMESTAMP,
        /** Start at the oldest record still in the shard. */
        TRIM_HORIZON,
        /** Start after the newest record. */
        LATEST,
        /** The shard is closed and every record of it was processed; after every real sequence number. */
        SHARD_END;

        /** True for the sentinels that name where to start reading; false for {@link #SHARD_END}. */
        public boolean isStartingPosition() {
            return this != SHARD_END;
        }
    }

    // Ranks used by compareTo; sentinels are told apart by their first letter (A, T, L, S are distinct).
    private static final int RANK_AT_TIMESTAMP = -3;
    private static final int RANK_TRIM_HORIZON = -2;
    private static final int RANK_LATEST = -1;
    private static final int RANK_REAL = 0;
    private static final int RANK_SHARD_END = 1;

    /** Checks the components (non-null where the record description does not say otherwise). */
    public ExtendedSequenceNumber {
        Objects.requireNonNull(sequenceNumber, "sequenceNumber");
        if (subSequenceNumber < 0) {
            throw new IllegalArgumentException("subSequenceNumber must be >= 0, was " + subSequenceNumber
                    + " (sequenceNumber " + sequenceNumber + ")");
        }
        if (sentinelOf(sequenceNumber) != null) {
            if (subSequenceNumber != 0) {
                throw new IllegalArgumentException("sentinel " + sequenceNumber
                        + " takes no subSequenceNumber, was " + subSequenceNumber);
            }
        } else {
            sequenceNumber = canonicalDigits(sequenceNumber);
        }
    }

    /** A real sequence number with sub-sequence number 0. */
    public static ExtendedSequenceNumber of(String sequenceNumber) {
        return new ExtendedSequenceNumber(sequenceNumber, 0);
    }

    /** A real sequence number and the sub-sequence number of a user record of a KPL aggregate. */
    public static ExtendedSequenceNumber of(String sequenceNumber, long subSequenceNumber) {
        return new ExtendedSequenceNumber(sequenceNumber, subSequenceNumber);
    }

    /** The {@code TRIM_HORIZON} sentinel: start at the oldest record. */
    public static ExtendedSequenceNumber trimHorizon() {
        return TRIM_HORIZON;
    }

    /** The {@code LATEST} sentinel: start after the newest record. */
    public static ExtendedSequenceNumber latest() {
        return LATEST;
    }

    /** The {@code AT_TIMESTAMP} sentinel: start at the configured timestamp. */
    public static ExtendedSequenceNumber atTimestamp() {
        return AT_TIMESTAMP;
    }

    /** The {@code SHARD_END} sentinel: the shard is finished. */
    public static ExtendedSequenceNumber shardEnd() {
        return SHARD_END;
    }

    /** The position of a checkpoint read from the lease table ({@code checkpoint}, {@code checkpointSubSequenceNumber}). */
    public static ExtendedSequenceNumber fromCheckpoint(Checkpoint checkpoint) {
        Objects.requireNonNull(checkpoint, "checkpoint");
        return new ExtendedSequenceNumber(checkpoint.value(), checkpoint.subSequenceNumber());
    }

    /** This position as the lease table stores it. */
    public Checkpoint toCheckpoint() {
        return new Checkpoint(sequenceNumber, subSequenceNumber);
    }

    /** True for the sentinels ({@code TRIM_HORIZON}, {@code LATEST}, {@code AT_TIMESTAMP}, {@code SHARD_END}). */
    public boolean isSentinel() {
        return rank() != RANK_REAL;
    }

    /** True for {@code TRIM_HORIZON}, {@code LATEST} and {@code AT_TIMESTAMP}. */
    public boolean isStartingPosition() {
        int rank = rank();
        return rank != RANK_REAL && rank != RANK_SHARD_END;
    }

    /** True for {@code SHARD_END}. */
    public boolean isShardEnd() {
        return rank() == RANK_SHARD_END;
    }

    /** The sentinel this position is, or empty for a real sequence number. */
    public Optional<Sentinel> sentinel() {
        return Optional.ofNullable(sentinelOf(sequenceNumber));
    }

    @Override
    public int compareTo(ExtendedSequenceNumber other) {
        int rank = rank();
        int byRank = Integer.compare(rank, other.rank());
        if (byRank != 0) {
            return byRank;
        }
        if (rank == RANK_REAL) {
            int byLength = Integer.compare(sequenceNumber.length(), other.sequenceNumber.length());
            if (byLength != 0) {
                return byLength;
            }
            int byDigits = sequenceNumber.compareTo(other.sequenceNumber);
            if (byDigits != 0) {
                return byDigits;
            }
        }
        return Long.compare(subSequenceNumber, other.subSequenceNumber);
    }

    /** True when this position comes after {@code other}. */
    public boolean isAfter(ExtendedSequenceNumber other) {
        return compareTo(other) > 0;
    }

    /** True when this position comes before {@code other}. */
    public boolean isBefore(ExtendedSequenceNumber other) {
        return compareTo(other) < 0;
    }

    @Override
    public String toString() {
        return subSequenceNumber == 0 ? sequenceNumber : sequenceNumber + "/" + subSequenceNumber;
    }

    private int rank() {
        switch (sequenceNumber.charAt(0)) {
            case 'A':
                return RANK_AT_TIMESTAMP;
            case 'T':
                return RANK_TRIM_HORIZON;
            case 'L':
                return RANK_LATEST;
            case 'S':
                return RANK_SHARD_END;
            default:
                return RANK_REAL;
        }
    }

    private static Sentinel sentinelOf(String value) {
        for (Sentinel sentinel : Sentinel.values()) {
            if (sentinel.name().equals(value)) {
                return sentinel;
            }
        }
        return null;
    }

    private static String canonicalDigits(String value) {
        if (value.isEmpty()) {
            throw new IllegalArgumentException("sequenceNumber must be decimal digits or a sentinel "
                    + "(TRIM_HORIZON, LATEST, AT_TIMESTAMP, SHARD_END), was an empty string");
        }
        int firstSignificant = -1;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                throw new IllegalArgumentException("sequenceNumber must be decimal digits or a sentinel "
                        + "(TRIM_HORIZON, LATEST, AT_TIMESTAMP, SHARD_END), was '" + value + "'");
            }
            if (firstSignificant < 0 && c != '0') {
                firstSignificant = i;
            }
        }
        String canonical = firstSignificant < 0 ? "0" : value.substring(firstSignificant);
        if (canonical.length() > MAX_DIGITS) {
            throw new IllegalArgumentException("sequenceNumber has " + canonical.length() + " digits, more than the "
                    + MAX_DIGITS + " Kinesis allows: '" + value + "'");
        }
        return canonical;
    }
}
