package io.shardline.testing;

import io.shardline.testing.faults.FaultInjector;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * Kinesis and DynamoDB for tests, samples and benchmarks: local emulators, LocalStack, or real AWS.
 *
 * <pre>{@code
 * try (LocalAws aws = LocalAws.start()) {
 *     aws.streams().create("orders", 4);
 *     KinesisAsyncClient kinesis = aws.kinesisAsync();
 *     ...
 * }
 * }</pre>
 *
 * <p>The backend of {@link #start()} is chosen by the system property {@value #BACKEND_PROPERTY} or the
 * environment variable {@value #BACKEND_ENV}: {@code emulators} (the default), {@code localstack} or
 * {@code aws}. See {@link Backend} for what each one needs.
 *
 * <p>Clients are created on first use, shared, and closed by {@link #close()}; do not close them yourself.
 * Everything this instance started is also stopped by a JVM shutdown hook, and the emulators stop by
 * themselves when this JVM dies without running hooks ({@code kill -9}).
 *
 * <p>Thread-safe.
 */
public final class LocalAws implements AutoCloseable {

    /** System property that selects the backend of {@link #start()}. */
    public static final String BACKEND_PROPERTY = "shardline.aws.backend";
    /** Environment variable that selects the backend of {@link #start()} when the property is not set. */
    public static final String BACKEND_ENV = "SHARDLINE_AWS_BACKEND";

    /** Where Kinesis and DynamoDB come from. */
    public enum Backend {
        /**
         * kinesis-mock (npm {@code kinesis-local}) and dynalite, started as child processes on 127.0.0.1 and free
         * ports. Needs Node.js 18+ (20+ recommended) with npm; the first start installs them with {@code npm ci}
         * into {@code ~/.cache/shardline/emulators} (property {@code shardline.emulators.dir} overrides).
         */
        EMULATORS,
        /** LocalStack in Docker through Testcontainers. Needs a Docker engine. */
        LOCALSTACK,
        /** Real AWS with the SDK's default credential chain and region. Creates real, billed resources. */
        AWS;

        /** The backend named by {@value #BACKEND_PROPERTY} / {@value #BACKEND_ENV}, or {@link #EMULATORS}. */
        public static Backend configured() {
            return Settings.BACKEND.value().map(Backend::parse).orElse(EMULATORS);
        }

        /** Parses {@code emulators}, {@code localstack} or {@code aws}, ignoring case. */
        public static Backend parse(String name) {
            Objects.requireNonNull(name, "name");
            try {
                return valueOf(name.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown backend '" + name + "' in " + Settings.BACKEND
                        + ": use emulators, localstack or aws", e);
            }
        }
    }

    private static final Logger log = LoggerFactory.getLogger(LocalAws.class);

    private final Backend backend;
    private final AwsStack stack;
    private final SdkClients clients;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final List<Lazy<? extends SdkAutoCloseable>> lazyClients = new ArrayList<>();
    private final Lazy<KinesisAsyncClient> kinesisAsync;
    private final Lazy<KinesisAsyncClient> kinesisAsyncHttp1;
    private final Lazy<KinesisClient> kinesis;
    private final Lazy<DynamoDbAsyncClient> dynamoDbAsync;
    private final Lazy<DynamoDbClient> dynamoDb;
    private final Thread shutdownHook;
    private volatile StreamHelper streams;

    private LocalAws(Backend backend, AwsStack stack) {
        this.backend = backend;
        this.stack = stack;
        this.clients = new SdkClients(stack);
        this.kinesisAsync = lazy(() -> clients.kinesisAsync(Protocol.HTTP2));
        this.kinesisAsyncHttp1 = lazy(() -> clients.kinesisAsync(Protocol.HTTP1_1));
        this.kinesis = lazy(clients::kinesis);
        this.dynamoDbAsync = lazy(clients::dynamoDbAsync);
        this.dynamoDb = lazy(clients::dynamoDb);
        this.shutdownHook = new Thread(this::closeQuietly, "shardline-local-aws-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Starts the backend named by {@value #BACKEND_PROPERTY} / {@value #BACKEND_ENV}; emulators by default. */
    public static LocalAws start() {
        return start(Backend.configured());
    }

    /**
     * Starts {@code backend} and returns once Kinesis and DynamoDB answer requests.
     *
     * @throws IllegalStateException when the backend cannot start: Node.js or npm missing ("install Node.js 18+
     *     with npm"), an emulator that exits or does not answer (the message holds its log tail), no Docker
     *     engine for LocalStack, no region for AWS
     */
    public static LocalAws start(Backend backend) {
        Objects.requireNonNull(backend, "backend");
        long started = System.nanoTime();
        AwsStack stack = switch (backend) {
            case EMULATORS -> EmulatorStack.start();
            case LOCALSTACK -> LocalStackStack.start();
            case AWS -> RealAwsStack.start();
        };
        log.info("LocalAws ready in {} ms: {}", (System.nanoTime() - started) / 1_000_000, stack);
        return new LocalAws(backend, stack);
    }

    /** The backend this instance runs on. */
    public Backend backend() {
        return backend;
    }

    /** The region of every client: us-east-1 on local backends. */
    public Region region() {
        return stack.region();
    }

    /** The Kinesis endpoint ({@code http://127.0.0.1:port} for the emulators), or {@code null} for real AWS. */
    public URI kinesisEndpoint() {
        return stack.kinesisEndpoint();
    }

    /** The DynamoDB endpoint, or {@code null} for real AWS. */
    public URI dynamoDbEndpoint() {
        return stack.dynamoDbEndpoint();
    }

    /**
     * The shared Kinesis async client (Netty, HTTP/2). On the emulators it speaks HTTP/2 over plain HTTP
     * (h2c, prior knowledge), so SubscribeToShard works. No API-call timeout, so subscriptions may last.
     */
    public KinesisAsyncClient kinesisAsync() {
        return kinesisAsync.get();
    }

    /**
     * A shared Kinesis async client on HTTP/1.1 (Netty), for polling. Real Kinesis serves SubscribeToShard over
     * HTTP/2 only (kinesis-mock also accepts it over HTTP/1.1: do not let a test depend on that).
     */
    public KinesisAsyncClient kinesisAsyncHttp1() {
        return kinesisAsyncHttp1.get();
    }

    /** The shared synchronous Kinesis client. */
    public KinesisClient kinesis() {
        return kinesis.get();
    }

    /** The shared DynamoDB async client (Netty). */
    public DynamoDbAsyncClient dynamoDbAsync() {
        return dynamoDbAsync.get();
    }

    /** The shared synchronous DynamoDB client. */
    public DynamoDbClient dynamoDb() {
        return dynamoDb.get();
    }

    /**
     * New clients of this backend with {@code faults} as an execution interceptor: hand them to the code under test,
     * keep using {@link #kinesis()} and friends for the test's own calls. They have no SDK retries of their own, so
     * every injected fault reaches the code under test (whose resilience is what a fault test checks); otherwise they
     * are configured like the shared clients. Each call builds a new set; all are closed with this instance.
     */
    public FaultyClients withFaults(FaultInjector faults) {
        return new FaultyClients(new SdkClients(stack, Objects.requireNonNull(faults, "faults")));
    }

    /** Helpers to create, fill, reshard and delete streams, on {@link #kinesis()}. */
    public StreamHelper streams() {
        StreamHelper helper = streams;
        if (helper == null) {
            synchronized (this) {
                if (streams == null) {
                    streams = new StreamHelper(kinesis());
                }
                helper = streams;
            }
        }
        return helper;
    }

    /**
     * The last {@code lines} lines of each emulator's log (or of the LocalStack container), each under a header
     * that names it, its pid and its log file; an empty string for real AWS.
     */
    public String logTail(int lines) {
        return stack.logTail(lines);
    }

    /**
     * Process ids of the emulators this instance started ({@code kinesis}, {@code dynamodb}); empty for the
     * other backends.
     */
    public Map<String, Long> emulatorPids() {
        return Map.copyOf(stack.pids());
    }

    /** Closes every client handed out, then stops what {@link #start} started. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shutdownInProgress) {
            // called from the hook itself, or during shutdown
        }
        doClose();
    }

    private void closeQuietly() {
        if (closed.compareAndSet(false, true)) {
            doClose();
        }
    }

    private void doClose() {
        synchronized (lazyClients) {
            lazyClients.forEach(Lazy::close);
        }
        stack.close();
        log.info("LocalAws closed: {}", stack);
    }

    @Override
    public String toString() {
        return "LocalAws[" + backend.name().toLowerCase(Locale.ROOT) + ": " + stack + "]";
    }

    private <T extends SdkAutoCloseable> Lazy<T> lazy(Supplier<T> factory) {
        Lazy<T> lazy = new Lazy<>(factory);
        synchronized (lazyClients) {
            lazyClients.add(lazy);
        }
        return lazy;
    }

    /** Clients with a {@link FaultInjector}, from {@link #withFaults}; created on first use, closed with LocalAws. */
    public final class FaultyClients {
        private final Lazy<KinesisAsyncClient> kinesisAsync;
        private final Lazy<KinesisAsyncClient> kinesisAsyncHttp1;
        private final Lazy<DynamoDbAsyncClient> dynamoDbAsync;
        private final Lazy<KinesisClient> kinesis;
        private final Lazy<DynamoDbClient> dynamoDb;

        private FaultyClients(SdkClients faulty) {
            this.kinesisAsync = lazy(() -> faulty.kinesisAsync(Protocol.HTTP2));
            this.kinesisAsyncHttp1 = lazy(() -> faulty.kinesisAsync(Protocol.HTTP1_1));
            this.dynamoDbAsync = lazy(faulty::dynamoDbAsync);
            this.kinesis = lazy(faulty::kinesis);
            this.dynamoDb = lazy(faulty::dynamoDb);
        }

        /** Like {@link LocalAws#kinesisAsync()} (HTTP/2), with the faults. */
        public KinesisAsyncClient kinesisAsync() {
            return kinesisAsync.get();
        }

        /** Like {@link LocalAws#kinesisAsyncHttp1()}, with the faults. */
        public KinesisAsyncClient kinesisAsyncHttp1() {
            return kinesisAsyncHttp1.get();
        }

        /** Like {@link LocalAws#dynamoDbAsync()}, with the faults. */
        public DynamoDbAsyncClient dynamoDbAsync() {
            return dynamoDbAsync.get();
        }

        /** Like {@link LocalAws#kinesis()}, with the faults. */
        public KinesisClient kinesis() {
            return kinesis.get();
        }

        /** Like {@link LocalAws#dynamoDb()}, with the faults. */
        public DynamoDbClient dynamoDb() {
            return dynamoDb.get();
        }
    }

    /** A client created on first use and closed with its {@link LocalAws}. */
    private final class Lazy<T extends SdkAutoCloseable> {
        private final Supplier<T> factory;
        private T value;

        Lazy(Supplier<T> factory) {
            this.factory = factory;
        }

        synchronized T get() {
            if (closed.get()) {
                throw new IllegalStateException("LocalAws is closed");
            }
            if (value == null) {
                value = factory.get();
            }
            return value;
        }

        synchronized void close() {
            if (value != null) {
                try {
                    value.close();
                } catch (RuntimeException e) {
                    log.debug("Closing an SDK client failed", e);
                }
                value = null;
            }
        }
    }
}
