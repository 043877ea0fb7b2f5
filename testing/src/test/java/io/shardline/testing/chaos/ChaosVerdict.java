package io.shardline.testing.chaos;

import java.util.List;

/**
 * What the chaos run's journals show, as counts plus a few examples of each kind of failure for the assertion
 * messages.
 *
 * @param produced                      records the producer put (confirmed by PutRecords)
 * @param processed                     distinct produced records delivered at least once
 * @param lost                          produced records never delivered
 * @param orderViolations               consecutive records of one key (in put order) whose first deliveries came in
 *                                      the other order
 * @param duplicates                    deliveries beyond the first of a stream record
 * @param duplicatesAfterKill           of those, replays of what a SIGKILLed worker did after its last checkpoint
 * @param duplicatesAfterZombie         ... of what a SIGSTOPped worker did after its last checkpoint, before or after
 *                                      it resumed
 * @param duplicatesAfterLeaseLoss      ... of what a worker did after its last checkpoint on a lease it then lost
 *                                      without being killed or stopped (it fenced itself for lack of a heartbeat, or a
 *                                      handoff was forced), as its own journal shows with a lease-lost line
 * @param duplicatesOutsideCrashWindows duplicates none of the above explains
 * @param zombieCheckpointsRejected     checkpoints a zombie attempted after it resumed, on leases it held before it
 *                                      was stopped, that came back LEASE_LOST
 * @param zombieCheckpointsNotFenced    ... that came back with any other outcome (must be none)
 * @param zombieCheckpointsLandedEarly  ... that came back OK because the write had reached the table before the freeze
 *                                      (only the answer came after): another worker started from exactly that position
 *                                      before the zombie resumed
 * @param leaseLossesOutsideChaos       sessions that delivered records and then journaled a lease loss, on workers
 *                                      neither killed nor frozen at the time, before the final shutdown (self-fencing
 *                                      when heartbeats were slow, a forced handoff)
 * @param producerDuplicates            records the stream holds twice because a PutRecords was retried
 * @param childShardRecords             deliveries from shards created by a split or merge
 * @param examples                      the first few lost records, order violations and unexplained duplicates
 */
record ChaosVerdict(int produced, int processed, int lost, int orderViolations, int duplicates,
        int duplicatesAfterKill, int duplicatesAfterZombie, int duplicatesAfterLeaseLoss,
        int duplicatesOutsideCrashWindows, int zombieCheckpointsRejected, int zombieCheckpointsNotFenced,
        int zombieCheckpointsLandedEarly,
        int leaseLossesOutsideChaos, int producerDuplicates, int childShardRecords, List<String> examples) {

    ChaosVerdict {
        examples = List.copyOf(examples);
    }

    /** The one summary line the suite prints. */
    String summary() {
        return "CHAOS produced=" + produced + " processed=" + processed + " lost=" + lost
                + " order_violations=" + orderViolations + " duplicates=" + duplicates
                + " duplicates_after_kill=" + duplicatesAfterKill + " duplicates_after_zombie=" + duplicatesAfterZombie
                + " duplicates_after_lease_loss=" + duplicatesAfterLeaseLoss
                + " duplicates_outside_crash_windows=" + duplicatesOutsideCrashWindows
                + " zombie_checkpoints_rejected=" + zombieCheckpointsRejected
                + " zombie_checkpoints_not_fenced=" + zombieCheckpointsNotFenced
                + " zombie_checkpoints_landed_before_freeze=" + zombieCheckpointsLandedEarly
                + " lease_losses_outside_chaos=" + leaseLossesOutsideChaos
                + " producer_duplicates=" + producerDuplicates
                + " child_shard_records=" + childShardRecords;
    }
}
