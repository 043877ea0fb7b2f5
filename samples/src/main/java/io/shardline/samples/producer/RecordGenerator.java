package io.shardline.samples.producer;

import io.shardline.samples.common.SamplePayload;
import java.util.HashMap;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * The producer's records: a key from {@link ZipfKeys}, the next sequence number of that key (0, 1, 2, ...), the
 * given timestamp and a value from 1 to 100. Not thread-safe.
 */
public final class RecordGenerator {

    private final ZipfKeys keys;
    private final RandomGenerator random;
    private final Map<String, Long> nextSeq = new HashMap<>();

    public RecordGenerator(ZipfKeys keys, RandomGenerator random) {
        this.keys = keys;
        this.random = random;
    }

    public SamplePayload next(long timestampMillis) {
        String key = keys.next(random);
        long seq = nextSeq.merge(key, 1L, Long::sum) - 1;
        return new SamplePayload(key, seq, timestampMillis, 1 + random.nextInt(100));
    }
}
