package io.shardline.benchmarks.cost;

import io.shardline.benchmarks.harness.ConsumerSystem;
import io.shardline.benchmarks.kcl.KclSystem;
import io.shardline.benchmarks.kcl.KclTables;
import io.shardline.benchmarks.shardline.ShardlineSystem;
import java.nio.file.Path;

/**
 * The two systems of the cost scenarios: the harness's worker mains with {@link CostWorkerOptions} (DynamoDB request
 * counts published to {@code countsDir}, batch lines).
 */
final class CostSystems {

    private CostSystems() {
    }

    /** Shardline: {@code ShardlineWorkerMain}; its scheduler creates its own tables and leases. */
    static ConsumerSystem shardline(Path countsDir) {
        return new ShardlineSystem().withArgs(CostWorkerOptions.args(countsDir));
    }

    /**
     * KCL 3.5.1: {@code KclWorkerMain} on a lease table made by {@link KclTables}, prefilled with one unowned lease per
     * shard (KCL's empty-table cold start of up to ~90 s is not what these scenarios measure).
     */
    static ConsumerSystem kcl(Path countsDir) {
        return new KclSystem(true).withArgs(CostWorkerOptions.args(countsDir));
    }
}
