package io.shardline.benchmarks;

import io.shardline.benchmarks.cost.LeaseCostCommand;
import io.shardline.benchmarks.cost.ThroughputCommand;
import io.shardline.benchmarks.fleet.FailoverCommand;
import io.shardline.benchmarks.fleet.JoinCommand;
import io.shardline.benchmarks.fleet.ShutdownCommand;
import io.shardline.benchmarks.jmh.JmhCommand;
import io.shardline.benchmarks.inprocess.OverheadCommand;
import io.shardline.benchmarks.inprocess.ScaleCommand;
import io.shardline.benchmarks.leasesim.LeaseSimCommand;
import io.shardline.benchmarks.migration.TakeoverCommand;
import io.shardline.benchmarks.parallel.ParallelCommand;
import io.shardline.benchmarks.reshard.ReshardCommand;
import io.shardline.benchmarks.scenarios.KclSmokeCommand;
import io.shardline.benchmarks.scenarios.LatencyCommand;
import io.shardline.benchmarks.scenarios.SmokeCommand;
import io.shardline.benchmarks.sim.SimCommand;
import io.shardline.benchmarks.skew.SkewCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code benchmarks/run <scenario>}: one subcommand per scenario, each printing {@code RESULT} lines. */
@Command(
        name = "benchmarks/run",
        mixinStandardHelpOptions = true,
        description = "Runs one Shardline benchmark scenario and prints RESULT <scenario> <system> <metric>=<value>.",
        subcommands = {LeaseSimCommand.class, KclSmokeCommand.class, SmokeCommand.class, LatencyCommand.class,
                OverheadCommand.class, ScaleCommand.class, ReshardCommand.class,
                ThroughputCommand.class, LeaseCostCommand.class, JmhCommand.class, FailoverCommand.class,
                ShutdownCommand.class, JoinCommand.class, ParallelCommand.class, TakeoverCommand.class,
                SimCommand.class, SkewCommand.class})
public final class BenchmarkMain implements Runnable {

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchmarkMain()).execute(args));
    }
}
