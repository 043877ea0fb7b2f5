package io.shardline.lease.internal;

import io.shardline.lease.CoordinationStore;
import io.shardline.lease.Lease;
import io.shardline.lease.LeaseCoordinatorConfig;
import io.shardline.lease.LeaseStore;
import io.shardline.lease.Member;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code LeaseCoordinator.createLeases}: reads the member items, gives this worker its {@link CreationShare} of the
 * new leases and creates each with one conditional create (a lease another worker created meanwhile is left as it
 * is). When the members cannot be read, every lease is created unowned (the leader assigns them, as before).
 * Thread-safe: only immutable config and the thread-safe stores; runs on the caller's thread.
 */
final class LeaseCreator {

    private static final Logger LOG = LoggerFactory.getLogger(LeaseCreator.class);

    private final LeaseCoordinatorConfig config;
    private final LeaseStore leases;
    private final CoordinationStore coordination;

    LeaseCreator(LeaseCoordinatorConfig config, LeaseStore leases, CoordinationStore coordination) {
        this.config = config;
        this.leases = leases;
        this.coordination = coordination;
    }

    /**
     * @param mayOwn false once this worker is leaving or stopped: everything is created unowned
     * @return the leases this call created, as written
     */
    List<Lease> create(Collection<Lease> existing, List<Lease> toCreate, boolean mayOwn) {
        if (toCreate.isEmpty()) {
            return List.of();
        }
        List<Lease> planned = mayOwn ? withShare(existing, toCreate) : toCreate;
        List<Lease> created = new ArrayList<>();
        for (Lease lease : planned) {
            if (leases.createIfAbsent(lease)) {
                created.add(lease);
            }
        }
        return created;
    }

    private List<Lease> withShare(Collection<Lease> existing, List<Lease> toCreate) {
        try {
            List<Member> members = coordination.listMembers();
            return CreationShare.withOwners(config, members, existing, toCreate);
        } catch (RuntimeException e) {
            LOG.warn("{}: could not read the members ({}); creating {} leases unowned", config.workerId(),
                    e.toString(), toCreate.size());
            return toCreate;
        }
    }
}
