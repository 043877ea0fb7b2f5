package io.shardline.testing.chaos;

import io.shardline.lease.Lease;
import io.shardline.lease.LeaseStore;
import io.shardline.lease.LeaseTableConfig;
import io.shardline.testing.LocalAws;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Reads the application's lease table: who owns which unfinished shard. */
final class LeaseView {

    private final LeaseStore leases;

    LeaseView(LocalAws aws, String application) {
        this.leases = LeaseStore.dynamoDb(aws.dynamoDbAsync(), LeaseTableConfig.of(application));
    }

    /**
     * Owner (or {@code null}) of every lease whose shard is not finished (no SHARD_END checkpoint). Fails while the
     * workers have not created the table yet.
     */
    Map<String, String> ownersOfUnfinished() {
        Map<String, String> owners = new HashMap<>();
        for (Lease lease : leases.list()) {
            if (lease.checkpoint() == null || !lease.checkpoint().isShardEnd()) {
                owners.put(lease.leaseKey(), lease.owner());
            }
        }
        return owners;
    }

    /** The unfinished leases {@code workerId} owns. */
    Set<String> ownedBy(String workerId) {
        return ownersOfUnfinished().entrySet().stream().filter(e -> workerId.equals(e.getValue()))
                .map(Map.Entry::getKey).collect(Collectors.toSet());
    }
}
