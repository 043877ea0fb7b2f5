package io.shardline.benchmarks.harness;

import io.shardline.testing.StreamHelper;
import io.shardline.testing.TestRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * Puts benchmark records on a stream: partition keys {@code k0..k<keys-1>} in turn, each record's data a
 * {@link Payload} with the put time and its ordinal within its key. Not thread-safe: one producer thread.
 */
public final class Producer {

    private final StreamHelper streams;
    private final String stream;
    private final long[] nextSeq;
    private long next;

    public Producer(StreamHelper streams, String stream, int keys) {
        if (keys < 1) {
            throw new IllegalArgumentException("keys must be at least 1, was " + keys);
        }
        this.streams = streams;
        this.stream = stream;
        this.nextSeq = new long[keys];
    }

    /** Puts {@code count} records in PutRecords calls of up to 500, stamped just before the first call. */
    public void put(int count) {
        long now = System.currentTimeMillis();
        List<TestRecord> records = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int key = (int) (next++ % nextSeq.length);
            records.add(new TestRecord("k" + key, new Payload(now, nextSeq[key]++).bytes()));
        }
        streams.putRecords(stream, records);
    }

    /** Records put so far. */
    public long count() {
        return next;
    }
}
