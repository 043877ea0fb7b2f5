package io.shardline.benchmarks.fleet;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code benchmarks/run shutdown}: SIGTERM one of 3 workers, time until peers process its shards; duplicates. */
@Command(name = "shutdown", mixinStandardHelpOptions = true,
        description = "Graceful shutdown (SIGTERM) of one of 3 workers sharing an 8-shard stream under steady writes; "
                + "ms until each of its shards delivers at a peer, and duplicate deliveries during the move.")
public final class ShutdownCommand implements Callable<Integer> {

    @Mixin
    FleetOptions options;

    @Option(names = "--trials", defaultValue = "3",
            description = "Trials of Shardline (default: ${DEFAULT-VALUE}).")
    int trials;

    @Option(names = "--kcl-trials", defaultValue = "1", description = "Trials of KCL (default: ${DEFAULT-VALUE}; "
            + "each takes minutes, see docs/benchmarks.md).")
    int kclTrials;

    @Option(names = "--shards", defaultValue = "8", description = "Shards of the stream (default: ${DEFAULT-VALUE}).")
    int shards;

    @Override
    public Integer call() {
        return FleetRunner.run(new ShutdownScenario(new Trials(trials, kclTrials)), options.systems(),
                options.settings(shards));
    }
}
