package io.shardline.multilang;

import io.shardline.kcl.ConsumerConfig;
import io.shardline.kcl.Scheduler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.ProtocolNegotiation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClientBuilder;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClientBuilder;

/**
 * The drop-in replacement for KCL's {@code MultiLangDaemon}: {@code java -jar shardline-multilang.jar
 * --properties-file app.properties} (also {@code -p FILE} or the file as the only argument). Reads KCL's properties
 * file ({@link MultiLangProperties}), builds the Kinesis and DynamoDB clients it describes, and runs a Shardline
 * {@link Scheduler} whose processors are child processes ({@link MultiLangProcessorFactory}). SIGTERM or Ctrl-C stops
 * it gracefully: every child gets {@code shutdownRequested} (its chance to checkpoint) and the leases are handed over.
 *
 * <p>Exit codes: 2 for a bad command line or properties file (the message names the property and the value), 1 when
 * the daemon fails; after SIGTERM the JVM's 143 once the graceful stop ran (the log says "Stopped gracefully").
 */
@Command(name = "shardline-multilang", mixinStandardHelpOptions = true,
        description = "Runs KCL MultiLangDaemon record processors (Node.js, Python, Ruby, .NET) on Shardline.")
public final class MultiLangDaemon implements Callable<Integer> {

    /** How long a graceful stop may take before the daemon exits anyway. */
    static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(60);

    /** A daemon whose options picocli fills in from the command line. */
    public MultiLangDaemon() {
    }

    @Parameters(arity = "0..1", paramLabel = "FILE", description = "The properties file (KCL's format).")
    Path positionalFile;

    @Option(names = {"-p", "--properties-file"}, paramLabel = "FILE",
            description = "The properties file (KCL's format); takes precedence over the positional one, as in KCL.")
    Path propertiesFile;

    @Option(names = {"-l", "--log-configuration"}, paramLabel = "FILE",
            description = "A logback.xml to use instead of the built-in one.")
    Path logConfiguration;

    /** Runs the daemon with {@code args} and exits with its status. */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String... args) {
        return new CommandLine(new MultiLangDaemon()).execute(args);
    }

    @Override
    public Integer call() throws Exception {
        if (logConfiguration != null) {
            System.setProperty("logback.configurationFile", logConfiguration.toAbsolutePath().toString());
        }
        Path file = propertiesFile != null ? propertiesFile : positionalFile;
        if (file == null) {
            System.err.println("Properties file missing: give it with --properties-file FILE, -p FILE or as the"
                    + " only argument");
            return 2;
        }
        if (!Files.isRegularFile(file)) {
            System.err.println("Properties file " + file + " does not exist or is not a file");
            return 2;
        }
        Logger log = LoggerFactory.getLogger(MultiLangDaemon.class);
        MultiLangProperties.Parsed parsed;
        try {
            parsed = MultiLangProperties.parse(file);
        } catch (IllegalArgumentException e) {
            System.err.println("Invalid properties file " + file + ": " + e.getMessage());
            log.error("Invalid properties file {}: {}", file, e.getMessage());
            return 2;
        }
        parsed.warnings().forEach(w -> log.warn("{} ({})", w, file));
        return runDaemon(parsed.config(), log);
    }

    private static int runDaemon(MultiLangConfig config, Logger log) throws InterruptedException {
        boolean fanOut = config.retrievalMode() == MultiLangConfig.RetrievalMode.FANOUT;
        try (KinesisAsyncClient kinesis = kinesis(config, fanOut);
                DynamoDbAsyncClient dynamoDb = dynamoDb(config)) {
            ConsumerConfig consumerConfig;
            try {
                consumerConfig = ConsumerConfigMapping.toConsumerConfig(config, kinesis, dynamoDb,
                        MultiLangProcessorFactory.of(config));
            } catch (IllegalArgumentException e) {
                System.err.println("Invalid configuration: " + e.getMessage());
                log.error("Invalid configuration: {}", e.getMessage());
                return 2;
            }
            Scheduler scheduler = Scheduler.create(consumerConfig);
            CountDownLatch stopped = new CountDownLatch(1);
            Thread hook = new Thread(() -> stopGracefully(scheduler, stopped, log), "shardline-multilang-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            log.info("Starting Shardline MultiLangDaemon: worker {}, stream {}, application {}, processor '{}' in {}"
                    + " (language {}), {}", scheduler.workerId(), config.stream(), config.applicationName(),
                    String.join(" ", config.command()), config.workingDirectory(), config.processingLanguage(),
                    fanOut ? "enhanced fan-out" : "polling");
            scheduler.start();
            stopped.await();
            return 0;
        }
    }

    private static void stopGracefully(Scheduler scheduler, CountDownLatch stopped, Logger log) {
        log.info("Stopping: handing every lease over after the children's shutdownRequested");
        try {
            scheduler.shutdown().get(SHUTDOWN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            log.info("Stopped gracefully");
        } catch (TimeoutException e) {
            log.warn("The graceful stop did not finish within {}; exiting anyway", SHUTDOWN_TIMEOUT);
        } catch (ExecutionException e) {
            log.warn("The graceful stop failed: {}", e.getCause().toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            scheduler.close();
            stopped.countDown();
        }
    }

    private static KinesisAsyncClient kinesis(MultiLangConfig config, boolean http2) {
        NettyNioAsyncHttpClient.Builder http = NettyNioAsyncHttpClient.builder()
                .protocol(http2 ? Protocol.HTTP2 : Protocol.HTTP1_1)
                .maxConcurrency(500);
        if (http2 && config.kinesisEndpoint() != null && "http".equals(config.kinesisEndpoint().getScheme())) {
            http.protocolNegotiation(ProtocolNegotiation.ASSUME_PROTOCOL);
        }
        KinesisAsyncClientBuilder builder = KinesisAsyncClient.builder().httpClient(http.build());
        configure(builder, config, config.kinesisEndpoint(), config.credentialsProvider().toProvider());
        return builder.build();
    }

    private static DynamoDbAsyncClient dynamoDb(MultiLangConfig config) {
        CredentialsSpec credentials = config.dynamoDbCredentialsProvider() != null
                ? config.dynamoDbCredentialsProvider() : config.credentialsProvider();
        DynamoDbAsyncClientBuilder builder = DynamoDbAsyncClient.builder()
                .httpClient(NettyNioAsyncHttpClient.builder().maxConcurrency(500).build());
        configure(builder, config, config.dynamoDbEndpoint(), credentials.toProvider());
        return builder.build();
    }

    private static void configure(AwsClientBuilder<?, ?> builder, MultiLangConfig config, java.net.URI endpoint,
            AwsCredentialsProvider credentials) {
        builder.credentialsProvider(credentials);
        if (config.regionName() != null) {
            builder.region(Region.of(config.regionName()));
        }
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
    }

}
