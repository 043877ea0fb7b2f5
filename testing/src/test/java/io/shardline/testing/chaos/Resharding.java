package io.shardline.testing.chaos;

import java.math.BigInteger;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.kinesis.model.Shard;

/** Picks what the chaos suite reshards: the widest open shard to split, the narrowest adjacent pair to merge. */
final class Resharding {

    private Resharding() {
    }

    /** The open shards of a listing (no ending sequence number), in hash-key order. */
    static List<Shard> open(List<Shard> shards) {
        return shards.stream().filter(s -> s.sequenceNumberRange().endingSequenceNumber() == null)
                .sorted(Comparator.comparing(Resharding::start)).toList();
    }

    /** The open shard with the widest hash-key range. */
    static Shard widest(List<Shard> shards) {
        return open(shards).stream().max(Comparator.comparing(Resharding::width))
                .orElseThrow(() -> new IllegalStateException("no open shard in " + shards));
    }

    /**
     * Two open shards whose hash-key ranges touch, the pair covering the narrowest range; lower range first. Two
     * children of one split are taken only when no other pair is left (merging them would just undo the split; a
     * child merged with its neighbour makes a shard with parents of two generations).
     */
    static Optional<List<Shard>> narrowestAdjacentPair(List<Shard> shards) {
        List<Shard> open = open(shards);
        List<Shard> best = null;
        for (boolean siblingsToo : new boolean[] {false, true}) {
            for (int i = 0; i + 1 < open.size(); i++) {
                Shard a = open.get(i);
                Shard b = open.get(i + 1);
                boolean siblings = a.parentShardId() != null && a.parentShardId().equals(b.parentShardId())
                        && a.adjacentParentShardId() == null && b.adjacentParentShardId() == null;
                if (end(a).add(BigInteger.ONE).equals(start(b)) && (siblingsToo || !siblings)
                        && (best == null || width(a, b).compareTo(width(best.get(0), best.get(1))) < 0)) {
                    best = List.of(a, b);
                }
            }
            if (best != null) {
                return Optional.of(best);
            }
        }
        return Optional.empty();
    }

    private static BigInteger start(Shard s) {
        return new BigInteger(s.hashKeyRange().startingHashKey());
    }

    private static BigInteger end(Shard s) {
        return new BigInteger(s.hashKeyRange().endingHashKey());
    }

    private static BigInteger width(Shard s) {
        return end(s).subtract(start(s));
    }

    private static BigInteger width(Shard a, Shard b) {
        return width(a).add(width(b));
    }
}
