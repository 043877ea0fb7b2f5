package io.shardline.benchmarks.fleet;

import io.shardline.benchmarks.harness.WorkerLine.Change;
import io.shardline.benchmarks.harness.WorkerLine.LeaseChange;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Who owned which shard when, replayed from the workers' {@code LEASE} lines: a shard belongs to the last worker that
 * printed {@code acquired} for it until that worker prints {@code lost}, {@code ended} or {@code released}. Lines are
 * ordered by their time stamp (the workers share the machine's clock), then by arrival. Pure: no I/O, no clock.
 */
final class OwnershipHistory {

    private final List<LeaseChange> changes;

    /** A history of {@code changes} (copied), in any order. */
    OwnershipHistory(List<LeaseChange> changes) {
        List<LeaseChange> sorted = new ArrayList<>(Objects.requireNonNull(changes, "changes"));
        sorted.sort(Comparator.comparingLong(LeaseChange::atMillis)); // stable: arrival order within a millisecond
        this.changes = List.copyOf(sorted);
    }

    /** Shard to owner after every line stamped at or before {@code atMillis}. */
    Map<String, String> ownersAt(long atMillis) {
        Map<String, String> owners = new HashMap<>();
        for (LeaseChange change : changes) {
            if (change.atMillis() > atMillis) {
                break;
            }
            apply(owners, change);
        }
        return owners;
    }

    /** The shards {@code workerId} owned at {@code atMillis}, sorted. */
    List<String> shardsOf(String workerId, long atMillis) {
        return ownersAt(atMillis).entrySet().stream()
                .filter(e -> e.getValue().equals(workerId))
                .map(Map.Entry::getKey)
                .sorted()
                .toList();
    }

    /** Time of the last lease line, or empty when there is none. */
    OptionalLong lastLineAt() {
        return changes.isEmpty() ? OptionalLong.empty() : OptionalLong.of(changes.get(changes.size() - 1).atMillis());
    }

    /**
     * Whether every one of {@code shards} shards is owned by a worker in {@code live} and every live worker owns at
     * least one: the weakest state the scenarios accept before they disturb a fleet (see {@code Fleet.awaitSettled}).
     */
    static boolean allOwnedByLiveWorkersEachWorking(Map<String, String> owners, Set<String> live, int shards) {
        long owned = owners.values().stream().filter(live::contains).count();
        return owned == shards && live.stream().allMatch(owners::containsValue);
    }

    /**
     * Ownership changes stamped in {@code [fromMillis, toMillis]}: lines where a worker acquired a shard whose previous
     * acquirer was another worker. The first acquisition of a shard nobody held before is not a move, and neither is
     * a worker taking back a shard it held last.
     */
    int moves(long fromMillis, long toMillis) {
        Map<String, String> lastAcquirer = new HashMap<>();
        int moves = 0;
        for (LeaseChange change : changes) {
            if (change.atMillis() > toMillis) {
                break;
            }
            if (change.change() != Change.ACQUIRED) {
                continue;
            }
            String previous = lastAcquirer.put(change.shardId(), change.workerId());
            if (change.atMillis() >= fromMillis && previous != null && !previous.equals(change.workerId())) {
                moves++;
            }
        }
        return moves;
    }

    /**
     * The start of the balanced stretch that lasts until the last line, when the group is balanced after every line:
     * the later of {@code fromMillis} and the time of the line that made it balanced; empty when it is not balanced
     * now. See {@link #isBalanced} for the definition.
     *
     * @param live the workers that are alive now (a killed worker prints nothing: its shards count as unowned)
     */
    OptionalLong balancedSince(long fromMillis, Set<String> live, int shards) {
        Map<String, String> owners = new HashMap<>();
        long since = -1;
        boolean balanced = isBalanced(owners, live, shards);
        for (LeaseChange change : changes) {
            apply(owners, change);
            boolean now = isBalanced(owners, live, shards);
            if (now && !balanced) {
                since = change.atMillis();
            }
            balanced = now;
        }
        return balanced ? OptionalLong.of(Math.max(since, fromMillis)) : OptionalLong.empty();
    }

    /**
     * Whether every one of {@code shards} shards is owned by a worker in {@code live} and every live worker owns a
     * count within +-1 of the mean ({@code shards / live.size()}). With 8 shards on 3 workers that is 2 or 3 each;
     * with 10 on 4, 2 or 3 each.
     */
    static boolean isBalanced(Map<String, String> owners, Set<String> live, int shards) {
        if (live.isEmpty()) {
            return false;
        }
        Map<String, Integer> counts = new HashMap<>();
        live.forEach(w -> counts.put(w, 0));
        int owned = 0;
        for (String owner : owners.values()) {
            if (counts.containsKey(owner)) {
                counts.merge(owner, 1, Integer::sum);
                owned++;
            }
        }
        if (owned != shards) {
            return false;
        }
        double mean = (double) shards / live.size();
        return counts.values().stream().allMatch(c -> Math.abs(c - mean) <= 1.0);
    }

    /**
     * The fewest ownership changes that take {@code counts} (shards per worker; workers absent hold none) to a
     * balance ({@link #isBalanced}) over {@code workers} workers: each move takes one shard from a worker above
     * {@code floor(mean + 1)} or gives one to a worker below {@code ceil(mean - 1)}, so it is the larger of the total
     * surplus and the total deficit.
     */
    static int minimumMoves(Map<String, Integer> counts, int workers, int shards) {
        if (workers < counts.size() || workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1 and at least the " + counts.size()
                    + " owners counted, was " + workers);
        }
        double mean = (double) shards / workers;
        long high = (long) Math.floor(mean + 1.0);
        long low = (long) Math.ceil(mean - 1.0);
        long surplus = 0;
        long deficit = low * (workers - counts.size());
        for (int count : counts.values()) {
            surplus += Math.max(0, count - high);
            deficit += Math.max(0, low - count);
        }
        return (int) Math.max(surplus, deficit);
    }

    private static void apply(Map<String, String> owners, LeaseChange change) {
        if (change.change() == Change.ACQUIRED) {
            owners.put(change.shardId(), change.workerId());
        } else {
            owners.remove(change.shardId(), change.workerId());
        }
    }
}
