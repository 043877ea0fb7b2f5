package io.shardline.testing.sim;

import io.shardline.checkpoint.ExtendedSequenceNumber;
import io.shardline.kcl.KinesisClientRecord;
import io.shardline.lease.Checkpoint;
import io.shardline.lease.Lease;
import io.shardline.lease.LeaseStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the simulation knows to be true, and the invariants it checks as the workers act (each check names the
 * invariant it breaks). Runs on the simulation's thread; the lease-table observer may also be called from the lease
 * creator's short-lived threads, hence the synchronization.
 */
final class Oracle {

    /** One processor instance: one worker's run of one shard, from initialize to its last callback. */
    static final class Run {
        final int id;
        final String worker;
        final String shardId;
        final long startedNanos;
        ExtendedSequenceNumber startCheckpoint;
        boolean inCallback;
        long callbackStartedNanos;
        boolean delivered;
        String lastDelivered;
        String lastCheckpointed;
        /** The last record of the last processRecords call that returned normally. */
        String lastSucceeded;
        String endedBy;
        boolean cleanEnd;
        final Set<String> seen = new HashSet<>();
        final Map<String, Integer> lastIndexPerKey = new HashMap<>();
        final Set<String> thrownAt = new HashSet<>();
        int duplicates;

        Run(int id, String worker, String shardId, long startedNanos) {
            this.id = id;
            this.worker = worker;
            this.shardId = shardId;
            this.startedNanos = startedNanos;
        }

        @Override
        public String toString() {
            return "run#" + id + "(" + worker + "/" + shardId + ")";
        }
    }

    private final Simulation sim;
    private final SimKinesis kinesis;
    private final LeaseStore leases;
    private final Map<String, Integer> deliveries = new HashMap<>();
    private final Map<String, Run> lastDeliveringRun = new HashMap<>();
    private final Map<String, Run> previousRun = new HashMap<>();
    private final Map<String, Checkpoint> checkpoints = new HashMap<>();
    private final Set<String> deletedLeases = new HashSet<>();
    private final List<Run> runs = new ArrayList<>();
    private long delivered;
    private long duplicates;
    private long faultyDuplicates;

    Oracle(Simulation sim, SimKinesis kinesis, LeaseStore leases) {
        this.sim = sim;
        this.kinesis = kinesis;
        this.leases = leases;
    }

    Run newRun(String worker, String shardId) {
        Run run = new Run(runs.size() + 1, worker, shardId, sim.now());
        runs.add(run);
        return run;
    }

    // ----- per delivery -----

    void beforeProcess(Run run, List<String> sequenceNumbers) {
        Run last = lastDeliveringRun.get(run.shardId);
        if (last != null && last != run && last.inCallback) {
            Long movedAway = movedAwayAt.get(run.shardId + "@" + last.worker);
            if (movedAway == null || movedAway <= last.callbackStartedNanos) {
                sim.fail("exclusive processing", run + " entered processRecords while " + last
                        + " is still inside a callback it began after its lease moved away (same virtual instant)");
            }
            overlaps++; // a callback begun while its worker held the lease outlived the takeover: by design
            sim.trace("overlap: " + run + " starts while " + last + " is still in a callback begun at "
                    + (sim.now() - last.callbackStartedNanos) / 1_000_000 + " ms ago");
        }
        if (last != null && last != run && run.delivered && run.startedNanos <= last.startedNanos) {
            sim.fail("exclusive processing", run + " delivers again after " + last
                    + " took over shard " + run.shardId + " (two processors of one shard active at once)");
        }
        if (!run.delivered) {
            checkReplayStart(run, sequenceNumbers.get(0));
        }
        checkParentsFinished(run);
        lastDeliveringRun.put(run.shardId, run);
        run.inCallback = true;
        run.callbackStartedNanos = sim.now();
        run.delivered = true;
    }

    void delivered(Run run, String sequenceNumber, String partitionKey, String data) {
        delivered++;
        int count = deliveries.merge(sequenceNumber, 1, Integer::sum);
        boolean firstInRun = run.seen.add(sequenceNumber);
        if (count > 1 && firstInRun) {
            duplicates++;
            run.duplicates++;
        }
        if (firstInRun) {
            int index = Integer.parseInt(data.substring(data.indexOf('#') + 1));
            Integer before = run.lastIndexPerKey.put(partitionKey, index);
            if (before != null && before >= index) {
                sim.fail("per-key order", run + " delivered " + data + " after record #" + before
                        + " of key " + partitionKey);
            }
        }
        run.lastDelivered = sequenceNumber;
    }

    void afterProcess(Run run) {
        run.inCallback = false;
    }

    /** A new run's first record: at or before the first record after the shard's highest checkpoint so far. */
    private void checkReplayStart(Run run, String firstSequence) {
        Checkpoint highest = highestCheckpoint(run.shardId);
        List<KinesisClientRecord> records = kinesis.shard(run.shardId).records();
        int firstIndex = indexOf(records, firstSequence);
        int expected = highest == null || !Character.isDigit(highest.value().charAt(0)) ? 0
                : indexOf(records, highest.value()) + 1;
        if (firstIndex > expected) {
            sim.fail("replay start", run + " starts at record " + firstIndex + " (" + firstSequence
                    + ") but the highest checkpoint " + highest + " of " + run.shardId + " asks for record "
                    + expected);
        }
        Run previous = previousRun.put(run.shardId, run);
        if (previous != null && previous.cleanEnd && previous.lastSucceeded != null
                && previous.lastSucceeded.equals(previous.lastCheckpointed) && firstIndex <= indexOf(records,
                previous.lastSucceeded)) {
            sim.fail("no duplicates after a graceful handoff", run + " starts at record " + firstIndex
                    + " although " + previous + " ended cleanly (" + previous.endedBy + ") with checkpoint "
                    + previous.lastCheckpointed);
        }
        if (previous != null && !previous.cleanEnd && previous.lastDelivered != null) {
            faultyDuplicates += Math.max(0, indexOf(records, previous.lastDelivered) - firstIndex + 1);
        }
    }

    private static int indexOf(List<KinesisClientRecord> records, String sequenceNumber) {
        for (int i = 0; i < records.size(); i++) {
            if (records.get(i).sequenceNumber().equals(sequenceNumber)) {
                return i;
            }
        }
        return records.size();
    }

    private void checkParentsFinished(Run run) {
        for (String parent : kinesis.shard(run.shardId).parents()) {
            Optional<Lease> lease = leases.get(parent);
            if (lease.isPresent() && (lease.get().checkpoint() == null || !lease.get().checkpoint().isShardEnd())) {
                sim.fail("parents first", run + " delivers a record of " + run.shardId + " while its parent "
                        + parent + " is at " + lease.get().checkpoint());
            }
        }
    }

    // ----- the lease table, after every write -----

    private final Map<String, String> owners = new HashMap<>();
    private final Map<String, String> ownerOf = new HashMap<>();
    /** "leaseKey@worker" -> when the lease last moved away from that worker. */
    private final Map<String, Long> movedAwayAt = new HashMap<>();
    private long overlaps;

    synchronized void leaseWritten(String leaseKey, Optional<Lease> after) {
        String newOwner = after.map(Lease::owner).orElse(null);
        String oldOwner = ownerOf.put(leaseKey, newOwner);
        if (oldOwner != null && !oldOwner.equals(newOwner)) {
            movedAwayAt.put(leaseKey + "@" + oldOwner, sim.now());
        }
        String ownership = after.map(l -> l.owner() + (l.pendingOwner() == null ? "" : " (handoff to "
                + l.pendingOwner() + ")")).orElse("deleted");
        // the lease creator's short-lived threads write concurrently, in no fixed order: not traced, so that one
        // seed always gives the same trace
        if (!ownership.equals(owners.put(leaseKey, ownership)) && sim.onSimulationThread()) {
            sim.trace("lease " + leaseKey + ": " + ownership + " (written by " + sim.current() + ")");
        }
        if (after.isEmpty()) {
            if (checkpoints.containsKey(leaseKey)) {
                deletedLeases.add(leaseKey);
            }
            return;
        }
        if (deletedLeases.contains(leaseKey)) {
            sim.fail("checkpoints never move backwards", "lease " + leaseKey + " was re-created after its deletion");
        }
        Checkpoint now = after.get().checkpoint();
        Checkpoint before = checkpoints.get(leaseKey);
        if (now == null) {
            if (before != null) {
                sim.fail("checkpoints never move backwards", leaseKey + " lost its checkpoint " + before);
            }
            return;
        }
        if (before != null && ExtendedSequenceNumber.fromCheckpoint(now)
                .compareTo(ExtendedSequenceNumber.fromCheckpoint(before)) < 0) {
            sim.fail("checkpoints never move backwards", leaseKey + " moved from " + before + " back to " + now);
        }
        checkpoints.put(leaseKey, now);
    }

    synchronized Checkpoint highestCheckpoint(String leaseKey) {
        return checkpoints.get(leaseKey);
    }

    // ----- at the end -----

    /** The records produced and never delivered (empty: nothing lost). */
    List<String> undelivered() {
        List<String> missing = new ArrayList<>();
        for (SimKinesis.FakeShard shard : kinesis.shards()) {
            for (KinesisClientRecord r : shard.records()) {
                if (!deliveries.containsKey(r.sequenceNumber())) {
                    missing.add(shard.shardId() + "/" + r.sequenceNumber() + " ("
                            + StandardCharsets.UTF_8.decode(r.data().duplicate()) + ")");
                }
            }
        }
        return missing;
    }

    long delivered() {
        return delivered;
    }

    long duplicates() {
        return duplicates;
    }

    /** Callbacks begun while their worker held the lease that were still running when a new owner began one. */
    long overlaps() {
        return overlaps;
    }

    long faultyDuplicates() {
        return faultyDuplicates;
    }

    int runs() {
        return runs.size();
    }
}
