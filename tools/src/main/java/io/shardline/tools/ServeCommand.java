package io.shardline.tools;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code shardline serve}. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serves the live operator page (workers, leases, lag, rates, lineage, handoffs) and its JSON "
                + "API (/api/fleet) until interrupted. Binds 127.0.0.1 unless --bind says otherwise.")
final class ServeCommand implements Callable<Integer> {

    @Mixin
    AwsOptions aws;

    @Option(names = "--port", defaultValue = "8642", paramLabel = "PORT",
            description = "TCP port (0: any free one). Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--bind", defaultValue = "127.0.0.1", paramLabel = "ADDRESS",
            description = "Address to listen on. Default: ${DEFAULT-VALUE} (this machine only).")
    String bind;

    @Option(names = "--refresh", defaultValue = "2s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "How often the tables are read (and the page refreshes). Default: ${DEFAULT-VALUE}.")
    Duration refresh;

    @Option(names = "--observe", defaultValue = "3s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "A worker whose heartbeat stood still this long is shown dead. Default: ${DEFAULT-VALUE}.")
    Duration observe;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        try (OperatorServer server = OperatorServer.start(FleetReader.of(aws, observe), Map::of, bind, port,
                refresh)) {
            spec.commandLine().getOut().println("operator page: " + server.uri());
            spec.commandLine().getOut().flush();
            new CountDownLatch(1).await();
            return 0;
        } finally {
            aws.close();
        }
    }
}
