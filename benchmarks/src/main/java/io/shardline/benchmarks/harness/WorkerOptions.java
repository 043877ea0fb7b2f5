package io.shardline.benchmarks.harness;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The command line every worker main takes ({@code KclWorkerMain}, {@code ShardlineWorkerMain}): where the
 * emulators are and which stream and application to consume as which worker. A picocli mixin; {@link #toArgs()}
 * builds the same arguments for {@link WorkerProcess#launch}.
 */
public final class WorkerOptions {

    @Option(names = "--kinesis-endpoint", required = true, description = "Kinesis endpoint, http://127.0.0.1:port.")
    public URI kinesisEndpoint;

    @Option(names = "--dynamodb-endpoint", required = true, description = "DynamoDB endpoint, http://127.0.0.1:port.")
    public URI dynamoDbEndpoint;

    @Option(names = "--stream", required = true, description = "Stream to consume.")
    public String stream;

    @Option(names = "--app", required = true, description = "Application name (and lease table name).")
    public String application;

    @Option(names = "--worker-id", required = true, description = "Worker id; no whitespace.")
    public String workerId;

    public WorkerOptions() {
    }

    /** Options for one worker. */
    public static WorkerOptions of(URI kinesisEndpoint, URI dynamoDbEndpoint, String stream, String application,
                                   String workerId) {
        WorkerOptions options = new WorkerOptions();
        options.kinesisEndpoint = kinesisEndpoint;
        options.dynamoDbEndpoint = dynamoDbEndpoint;
        options.stream = stream;
        options.application = application;
        options.workerId = workerId;
        return options;
    }

    /** The arguments that parse back into these options. */
    public List<String> toArgs() {
        List<String> args = new ArrayList<>();
        args.addAll(List.of("--kinesis-endpoint", kinesisEndpoint.toString()));
        args.addAll(List.of("--dynamodb-endpoint", dynamoDbEndpoint.toString()));
        args.addAll(List.of("--stream", stream, "--app", application, "--worker-id", workerId));
        return args;
    }
}
