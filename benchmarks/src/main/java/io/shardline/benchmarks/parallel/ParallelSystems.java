package io.shardline.benchmarks.parallel;

import io.shardline.benchmarks.harness.ConsumerSystem;
import io.shardline.benchmarks.kcl.KclSystem;
import io.shardline.benchmarks.shardline.ShardlineSystem;
import java.util.List;

/** The systems of the parallel scenario, named as in its RESULT lines. */
final class ParallelSystems {

    /** A system and the name its figures carry. */
    record Named(String name, ConsumerSystem system) {
    }

    private ParallelSystems() {
    }

    /** {@code shardline-serial} ({@code lanes == 0}) or {@code shardline-lanes}. */
    static Named shardline(long sleepMillis, int lanes, long checkpointMillis) {
        ConsumerSystem system = new ShardlineSystem().withArgs(List.of("--sleep-ms", Long.toString(sleepMillis),
                "--lanes", Integer.toString(lanes), "--lanes-checkpoint-ms", Long.toString(checkpointMillis)));
        return new Named(lanes == 0 ? "shardline-serial" : "shardline-lanes", system);
    }

    /** KCL 3.5.1 on a lease table filled ahead (its empty-table cold start is not what this measures). */
    static Named kcl(long sleepMillis) {
        return new Named("kcl", new KclSystem(true).withArgs(List.of("--sleep-ms", Long.toString(sleepMillis))));
    }
}
