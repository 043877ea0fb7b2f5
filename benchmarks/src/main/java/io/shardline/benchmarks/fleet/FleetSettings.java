package io.shardline.benchmarks.fleet;

/**
 * What every fleet scenario shares: the stream's shard count and the steady producer's rate and keys.
 *
 * @param shards shards of the stream (kinesis-mock slows down as a stream fills: keep it small)
 * @param rate records per second, over all shards
 * @param keys partition keys, put in turn; enough that every shard gets records every second
 */
record FleetSettings(int shards, int rate, int keys) {

    FleetSettings {
        if (shards < 1) {
            throw new IllegalArgumentException("shards must be at least 1, was " + shards);
        }
        if (rate < SteadyProducer.CALLS_PER_SECOND || rate % SteadyProducer.CALLS_PER_SECOND != 0) {
            throw new IllegalArgumentException("rate must be a positive multiple of "
                    + SteadyProducer.CALLS_PER_SECOND + " records/s, was " + rate);
        }
        if (keys < shards) {
            throw new IllegalArgumentException("keys must be at least shards (" + shards + "), was " + keys);
        }
    }
}
