package io.shardline.tools;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code shardline status}. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Every shard of the stream with its lineage (parents, children, open or closed), lease owner, "
                + "the owner's liveness, checkpoint, lag, rate and pending handoff; every worker with its leases, "
                + "leadership and last heartbeat; totals.",
                "Liveness is judged as the workers judge it: a heartbeat counter must be seen to change, so status "
                        + "watches the coordination table for --observe before it prints."})
final class StatusCommand implements Callable<Integer> {

    @Mixin
    AwsOptions aws;

    @Option(names = "--json", description = "JSON instead of tables.")
    boolean json;

    @Option(names = "--watch", description = "Refresh in place every --interval until interrupted (Ctrl-C).")
    boolean watch;

    @Option(names = "--interval", defaultValue = "2s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "Refresh interval of --watch. Default: ${DEFAULT-VALUE}.")
    Duration interval;

    @Option(names = "--observe", defaultValue = "3s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "How long a heartbeat counter must stand still before its worker counts as dead (use the "
                    + "application's failoverTimeout). Default: ${DEFAULT-VALUE}.")
    Duration observe;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            FleetReader reader = FleetReader.of(aws, observe);
            reader.observeHeartbeats();
            if (!watch) {
                Thread.sleep(observe.toMillis());
                print(out, reader.read());
                return 0;
            }
            err.println("watching every " + interval.toMillis() + " ms; Ctrl-C stops");
            while (!Thread.currentThread().isInterrupted()) {
                FleetSnapshot snapshot = reader.read();
                if (!json) {
                    out.print("\u001b[H\u001b[2J"); // home + clear: refresh in place
                }
                print(out, snapshot);
                Thread.sleep(interval.toMillis());
            }
            return 0;
        } finally {
            aws.close();
        }
    }

    private void print(PrintWriter out, FleetSnapshot snapshot) {
        out.print(json ? Json.pretty(snapshot) + "\n" : StatusText.render(snapshot));
        out.flush();
    }
}
