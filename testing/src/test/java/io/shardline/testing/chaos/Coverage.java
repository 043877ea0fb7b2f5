package io.shardline.testing.chaos;

import java.util.BitSet;
import java.util.Collection;

/** Which produced records (by index) some worker delivered at least once, as the journals show so far. */
final class Coverage {

    private final BitSet delivered = new BitSet();

    void add(Collection<JournalEvent> events) {
        events.stream().filter(e -> e.kind() == 'R').forEach(e -> delivered.set(e.index()));
    }

    /** Every record {@code 0..count-1} was delivered. */
    boolean covers(int count) {
        return delivered.nextClearBit(0) >= count;
    }

    /** The first record not delivered yet. */
    int firstMissing() {
        return delivered.nextClearBit(0);
    }
}
