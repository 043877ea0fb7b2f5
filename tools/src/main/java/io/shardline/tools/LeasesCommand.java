package io.shardline.tools;

import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code shardline leases release|move}. */
@Command(name = "leases", mixinStandardHelpOptions = true,
        description = "Move a lease between workers through the graceful handoff (the owner checkpoints, then the "
                + "next owner resumes right after: no record twice).",
        subcommands = {LeasesCommand.Release.class, LeasesCommand.Move.class})
final class LeasesCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Options both sub-commands share. */
    abstract static class Base implements Callable<Integer> {
        @Mixin
        AwsOptions aws;

        @Parameters(index = "0", paramLabel = "SHARD", description = "The lease key (shard id).")
        String shard;

        @Option(names = "--timeout", defaultValue = "60s", converter = DurationConverter.class,
                paramLabel = "DURATION", description = "How long to wait for the handoff. Default: ${DEFAULT-VALUE}.")
        Duration timeout;

        @Spec
        CommandSpec spec;

        LeaseMover mover() {
            return new LeaseMover(aws.leaseStore(), aws.coordinationStore(), spec.commandLine().getErr());
        }
    }

    @Command(name = "move", mixinStandardHelpOptions = true,
            description = "Hand SHARD's lease to the worker --to, after its owner's final checkpoint.")
    static final class Move extends Base {
        @Option(names = "--to", required = true, paramLabel = "WORKER", description = "The worker id to move to.")
        String to;

        @Override
        public Integer call() throws InterruptedException {
            try {
                var lease = mover().move(shard, to, timeout);
                spec.commandLine().getOut().println(shard + " " + lease.owner());
                return 0;
            } finally {
                aws.close();
            }
        }
    }

    @Command(name = "release", mixinStandardHelpOptions = true,
            description = "Take SHARD's lease away from its owner: handed (gracefully) to the other live worker "
                    + "holding the fewest leases.")
    static final class Release extends Base {
        @Option(names = "--observe", defaultValue = "3s", converter = DurationConverter.class,
                paramLabel = "DURATION", description = "How long heartbeats are watched to find the live workers. "
                + "Default: ${DEFAULT-VALUE}.")
        Duration observe;

        @Override
        public Integer call() throws InterruptedException {
            try {
                FleetReader reader = FleetReader.of(aws, observe);
                reader.observeHeartbeats();
                Thread.sleep(observe.toMillis());
                String target = LeaseMover.leastLoadedOther(shard, reader.read());
                var lease = mover().move(shard, target, timeout);
                spec.commandLine().getOut().println(shard + " " + lease.owner());
                return 0;
            } finally {
                aws.close();
            }
        }
    }
}
