package io.shardline.samples.audit;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * Checks each key's sequence numbers (0, 1, 2, ... per key, from the producer) as records arrive. The first number
 * seen for a key is where checking starts (an audit that starts at a timestamp joins mid-sequence). Thread-safe.
 */
public final class KeySequenceTracker {

    /** What one record was, for its key. */
    public enum Observation {
        /** The first record seen for the key. */
        FIRST,
        /** The next number after the highest seen. */
        IN_ORDER,
        /** A number seen before: delivered again (at least once, after a failover). */
        REPEAT,
        /** Beyond the next number: the numbers in between are missing for now. */
        GAP,
        /** A number that was missing arrived after higher ones: a first delivery out of order. */
        LATE
    }

    /** Counts so far. {@code missing} is how many numbers are missing now (gaps not filled). */
    public record Summary(long records, int keys, long inOrder, long repeats, long missing, long late) {

        @Override
        public String toString() {
            return records + " records of " + keys + " keys: " + inOrder + " in order, " + repeats
                    + " repeated (replays), " + missing + " missing, " + late + " out of order";
        }
    }

    private static final class KeyState {
        long highest;
        final TreeSet<Long> missing = new TreeSet<>();
    }

    private final Map<String, KeyState> keys = new HashMap<>();
    private long records;
    private long inOrder;
    private long repeats;
    private long missing;
    private long late;

    public synchronized Observation observe(String key, long seq) {
        records++;
        KeyState state = keys.get(key);
        if (state == null) {
            state = new KeyState();
            state.highest = seq;
            keys.put(key, state);
            inOrder++;
            return Observation.FIRST;
        }
        if (seq == state.highest + 1) {
            state.highest = seq;
            inOrder++;
            return Observation.IN_ORDER;
        }
        if (seq > state.highest) {
            for (long s = state.highest + 1; s < seq; s++) {
                state.missing.add(s);
            }
            missing += seq - state.highest - 1;
            state.highest = seq;
            inOrder++;
            return Observation.GAP;
        }
        if (state.missing.remove(seq)) {
            missing--;
            late++;
            return Observation.LATE;
        }
        repeats++;
        return Observation.REPEAT;
    }

    public synchronized Summary summary() {
        return new Summary(records, keys.size(), inOrder, repeats, missing, late);
    }
}
