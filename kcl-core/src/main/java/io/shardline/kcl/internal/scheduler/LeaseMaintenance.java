package io.shardline.kcl.internal.scheduler;

import io.shardline.lease.HashKeyRange;
import io.shardline.lease.LeaseStore;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader's upkeep of the lease table, on the shard-sync thread: {@link #syncAndCleanUp()} every
 * {@code shardSyncInterval} (ListShards, create missing leases, delete finished ones no longer needed), and
 * {@link #checkCoverage()} every {@code leaseScanInterval}: one lease scan, and when the unfinished leases leave a
 * gap in the hash-key space, a sync at once, which creates the missing leases (a child lease whose creation at its
 * parent's end failed is found within seconds instead of a minute). The caller checks leadership; any failure is
 * thrown to it and the next tick tries again.
 */
final class LeaseMaintenance {

    private static final Logger LOG = LoggerFactory.getLogger(LeaseMaintenance.class);

    private final ShardSyncer syncer;
    private final LeaseStore leases;
    private final String workerId;
    private boolean uncheckable;

    LeaseMaintenance(ShardSyncer syncer, LeaseStore leases, String workerId) {
        this.syncer = syncer;
        this.leases = leases;
        this.workerId = workerId;
    }

    /** A shard sync followed by the cleanup. */
    void syncAndCleanUp() {
        syncer.cleanUp(syncer.sync());
    }

    /**
     * Checks that the unfinished leases cover every hash key; repairs a gap with a sync.
     *
     * @return the gaps found (empty when covered or when the check could not be made)
     */
    List<HashKeyRange> checkCoverage() {
        Optional<List<HashKeyRange>> gaps = HashRangeCoverage.gaps(leases.list());
        if (gaps.isEmpty()) {
            if (!uncheckable) {
                uncheckable = true;
                LOG.info("{}: an unfinished lease has no hash-key range: the coverage check is skipped", workerId);
            }
            return List.of();
        }
        uncheckable = false;
        if (!gaps.get().isEmpty()) {
            LOG.warn("{}: the unfinished leases leave {} hash-key range(s) uncovered, first {}; syncing shards now",
                    workerId, gaps.get().size(), gaps.get().get(0));
            int created = syncer.sync().created();
            LOG.info("{}: coverage repair created {} leases", workerId, created);
        }
        return gaps.get();
    }
}
