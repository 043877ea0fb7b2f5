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

    @Option(names = "--dlq-table", paramLabel = "TABLE",
            description = "A DynamoDB dead-letter table whose entries of the application the page counts.")
    String dlqTable;

    @Option(names = "--dlq-stream", paramLabel = "NAME|ARN",
            description = "A Kinesis dead-letter stream whose entries of the application the page counts.")
    String dlqStream;

    @Spec
    CommandSpec spec;

    /** Per configured sink, the number of the application's entries (read at every refresh). */
    static java.util.function.Supplier<Map<String, Long>> deadLetterCounts(AwsOptions aws, String table,
            String stream) {
        java.util.List<DeadLetters> sinks = new java.util.ArrayList<>();
        if (table != null) {
            sinks.add(new DeadLetters(aws.kinesis(), aws.dynamoDb(), new DeadLetters.TableSink(table)));
        }
        if (stream != null) {
            sinks.add(new DeadLetters(aws.kinesis(), aws.dynamoDb(), new DeadLetters.StreamSink(stream)));
        }
        return () -> {
            Map<String, Long> counts = new java.util.LinkedHashMap<>();
            for (DeadLetters sink : sinks) {
                counts.put(sink.sink().describe(), sink.list().values().stream()
                        .filter(e -> e.application().equals(aws.application())).count());
            }
            return counts;
        };
    }

    @Override
    public Integer call() throws Exception {
        try (OperatorServer server = OperatorServer.start(FleetReader.of(aws, observe),
                deadLetterCounts(aws, dlqTable, dlqStream), bind, port, refresh)) {
            spec.commandLine().getOut().println("operator page: " + server.uri());
            spec.commandLine().getOut().flush();
            new CountDownLatch(1).await();
            return 0;
        } finally {
            aws.close();
        }
    }
}
