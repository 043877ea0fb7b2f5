package io.shardline.benchmarks.fleet;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code benchmarks/run failover}: kill -9 one of 3 workers, time until each of its shards delivers elsewhere. */
@Command(name = "failover", mixinStandardHelpOptions = true,
        description = "kill -9 one of 3 workers sharing an 8-shard stream under steady writes; ms until each of its "
                + "shards delivers at a live worker (p50/p95 over all shards of all trials). Shardline and KCL 3.5.1 "
                + "with their default failover settings.")
public final class FailoverCommand implements Callable<Integer> {

    @Mixin
    FleetOptions options;

    @Option(names = "--trials", defaultValue = "5",
            description = "Trials of Shardline (default: ${DEFAULT-VALUE}).")
    int trials;

    @Option(names = "--kcl-trials", defaultValue = "1", description = "Trials of KCL (default: ${DEFAULT-VALUE}; "
            + "each takes minutes, see docs/benchmarks.md).")
    int kclTrials;

    @Option(names = "--shards", defaultValue = "8", description = "Shards of the stream (default: ${DEFAULT-VALUE}).")
    int shards;

    @Override
    public Integer call() {
        return FleetRunner.run(new FailoverScenario(new Trials(trials, kclTrials)), options.systems(),
                options.settings(shards));
    }
}
