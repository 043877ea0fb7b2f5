package io.shardline.samples;

import io.shardline.samples.audit.AuditApp;
import io.shardline.samples.common.Cli;
import io.shardline.samples.counting.CountingApp;
import io.shardline.samples.demo.Demo;
import io.shardline.samples.producer.ProducerApp;
import io.shardline.samples.windowing.WindowedAggregationApp;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** One entry point for every sample: {@code Samples <command> --help}. */
@Command(name = "samples", mixinStandardHelpOptions = true,
        description = "Shardline samples. Each command has --help; without endpoint flags they use real AWS.",
        subcommands = {ProducerApp.class, CountingApp.class, WindowedAggregationApp.class, AuditApp.class, Demo.class})
public final class Samples implements Runnable {

    public static void main(String[] args) {
        Cli.exit(new Samples(), args);
    }

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }
}
