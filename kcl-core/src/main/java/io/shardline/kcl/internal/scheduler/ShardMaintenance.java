package io.shardline.kcl.internal.scheduler;

/**
 * The scheduler's lease-table upkeep against Kinesis, for one stream ({@link #single}) or for every stream of a
 * multi-stream application ({@link MultiStreamMaintenance}). Runs on the shard-sync thread; failures are thrown.
 */
interface ShardMaintenance {

    /** The sync every worker runs until it succeeded once (at start). */
    void initialSync();

    /** The leader's periodic sync and cleanup. */
    void syncAndCleanUp();

    /** The leader's hash-key coverage check. */
    void checkCoverage();

    /** One stream's syncer and upkeep. */
    static ShardMaintenance single(ShardSyncer syncer, LeaseMaintenance maintenance) {
        return new ShardMaintenance() {
            @Override
            public void initialSync() {
                syncer.sync();
            }

            @Override
            public void syncAndCleanUp() {
                maintenance.syncAndCleanUp();
            }

            @Override
            public void checkCoverage() {
                maintenance.checkCoverage();
            }
        };
    }
}
