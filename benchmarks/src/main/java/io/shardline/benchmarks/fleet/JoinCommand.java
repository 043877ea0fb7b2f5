package io.shardline.benchmarks.fleet;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code benchmarks/run join}: one worker joins a balanced group; time to balance, moves, duplicates. */
@Command(name = "join", mixinStandardHelpOptions = true,
        description = "One more worker joins a balanced group (default 3 workers, 10 shards) under steady writes; "
                + "ms from its READY until every worker owns the mean +-1 shards, ownership moves, duplicates.")
public final class JoinCommand implements Callable<Integer> {

    @Mixin
    FleetOptions options;

    @Option(names = "--workers", defaultValue = "3",
            description = "Workers before the join (default: ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--shards", defaultValue = "10", description = "Shards of the stream (default: ${DEFAULT-VALUE}; "
            + "with 4 workers the +-1 band is then 2-3 each, as tight as a balance can be).")
    int shards;

    @Override
    public Integer call() {
        return FleetRunner.run(new JoinScenario(workers), options.systems(), options.settings(shards));
    }
}
