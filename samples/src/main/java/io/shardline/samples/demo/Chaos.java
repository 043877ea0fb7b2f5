package io.shardline.samples.demo;

import io.shardline.samples.producer.ZipfKeys;
import io.shardline.kcl.kpl.KplAggregator;
import java.math.BigInteger;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.kinesis.model.Shard;

/** The demo's choices of what to break: pure, so they are tested on their own. */
final class Chaos {

    private Chaos() {
    }

    /** The open shard that gets the largest share of the producer's traffic, by the keys' hash keys and skew. */
    static Optional<Shard> hottestShard(List<Shard> shards, ZipfKeys keys) {
        return shards.stream()
                .filter(s -> s.sequenceNumberRange() == null || s.sequenceNumberRange().endingSequenceNumber() == null)
                .max(Comparator.comparingDouble(s -> share(s, keys)));
    }

    /** The share of the producer's records that go to {@code shard}. */
    static double share(Shard shard, ZipfKeys keys) {
        BigInteger start = new BigInteger(shard.hashKeyRange().startingHashKey());
        BigInteger end = new BigInteger(shard.hashKeyRange().endingHashKey());
        double share = 0;
        for (int rank = 1; rank <= keys.keys().size(); rank++) {
            BigInteger hash = KplAggregator.hashKeyOf(ZipfKeys.name(rank));
            if (hash.compareTo(start) >= 0 && hash.compareTo(end) <= 0) {
                share += keys.probability(rank);
            }
        }
        return share;
    }

    /** The live worker that processes the most shards (the last of equals), or empty when none is alive. */
    static Optional<WorkerView> busiestWorker(List<WorkerView> workers) {
        WorkerView busiest = null;
        for (WorkerView w : workers) {
            if (w.alive() && (busiest == null || w.status().shards().size() >= busiest.status().shards().size())) {
                busiest = w;
            }
        }
        return Optional.ofNullable(busiest);
    }
}
