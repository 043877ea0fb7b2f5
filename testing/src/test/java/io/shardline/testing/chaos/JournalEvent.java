package io.shardline.testing.chaos;

import java.math.BigInteger;
import java.util.Comparator;

/**
 * One line of a worker's journal (the format {@link io.shardline.testing.consumer.WorkerMain} writes), parsed.
 *
 * @param kind    {@code I} initialize, {@code R} record, {@code P} about to checkpoint, {@code C} checkpoint outcome,
 *                {@code L} lease lost, {@code E} shard ended
 * @param session the processor instance within its worker JVM (one per lease acquisition)
 * @param shard   the shard id
 * @param seq     the sequence number (or a sentinel in {@code I} lines); {@code null} for {@code L} and {@code E}
 * @param sub     the sub-sequence number
 * @param word    the partition key of an {@code R} line, the result of a {@code C} line, otherwise {@code null}
 * @param micros  wall-clock time of the line, microseconds since the epoch
 * @param data    the record's data as text ({@code R} lines), otherwise {@code null}
 * @param line    the line's index in its journal (0-based)
 */
record JournalEvent(char kind, int session, String shard, String seq, long sub, String word, long micros, String data,
        int line) {

    /** Stream order of positions; a sentinel (TRIM_HORIZON, LATEST...) sorts before every sequence number. */
    static final Comparator<JournalEvent> BY_POSITION = Comparator
            .comparing((JournalEvent e) -> e.sequence(), Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparingLong(JournalEvent::sub);

    /** Parses one complete journal line. */
    static JournalEvent parse(String text, int line) {
        String[] f = text.split(" ");
        try {
            char kind = f[0].charAt(0);
            int session = Integer.parseInt(f[1]);
            return switch (kind) {
                case 'I', 'P' -> new JournalEvent(kind, session, f[2], f[3], Long.parseLong(f[4]), null,
                        Long.parseLong(f[5]), null, line);
                case 'C' -> new JournalEvent(kind, session, f[2], f[3], Long.parseLong(f[4]), f[5],
                        Long.parseLong(f[6]), null, line);
                case 'R' -> new JournalEvent(kind, session, f[2], f[3], Long.parseLong(f[4]), f[5],
                        Long.parseLong(f[6]), f.length > 7 ? f[7] : "", line);
                case 'L', 'E' -> new JournalEvent(kind, session, f[2], null, 0, null, Long.parseLong(f[3]), null,
                        line);
                default -> throw new IllegalArgumentException("unknown kind " + kind);
            };
        } catch (RuntimeException e) {
            throw new IllegalStateException("journal line " + line + " is malformed: '" + text + "'", e);
        }
    }

    /** The sequence number as a number, or {@code null} for a sentinel. */
    BigInteger sequence() {
        return seq == null || seq.isEmpty() || !Character.isDigit(seq.charAt(0)) ? null : new BigInteger(seq);
    }

    /** The stream record this {@code R} line delivered: shard-independent, unique in the stream. */
    String recordId() {
        return seq + "/" + sub;
    }

    /** The producer's index of the record of this {@code R} line (its data is {@code key-<k>#<index>}). */
    int index() {
        int hash = data == null ? -1 : data.lastIndexOf('#');
        if (hash < 0) {
            throw new IllegalStateException("record " + recordId() + " has data '" + data + "', not key-<k>#<index>");
        }
        return Integer.parseInt(data.substring(hash + 1));
    }

    boolean isAfter(JournalEvent other) {
        return BY_POSITION.compare(this, other) > 0;
    }
}
