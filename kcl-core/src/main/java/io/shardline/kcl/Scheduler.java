package io.shardline.kcl;

import io.shardline.kcl.internal.scheduler.DefaultScheduler;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Consumes a Kinesis stream for one application on this worker: takes a share of the stream's shard leases in the
 * application's lease table, runs one {@link ShardRecordProcessor} per lease, and hands leases to other workers of the
 * application when they join or leave.
 *
 * <pre>{@code
 * Scheduler scheduler = Scheduler.create(ConsumerConfig.builder()
 *         .applicationName("orders-app")
 *         .streamName("orders")
 *         .kinesisClient(kinesis)
 *         .dynamoDbClient(dynamoDb)
 *         .initialPosition(StartingPosition.trimHorizon())
 *         .processorFactory(RecordHandlers.processorFactory(() -> orders::handle, CheckpointStrategy.afterEachBatch()))
 *         .build());
 * scheduler.start();
 * ...
 * scheduler.shutdown().get(30, TimeUnit.SECONDS);   // hands every shard over after a final checkpoint
 * }</pre>
 *
 * <p>What one worker does, in one picture: a lease coordinator thread ({@code shardline-coordinator-<workerId>})
 * heartbeats and reports which leases this worker holds; for each lease a shard consumer runs the processor on a
 * small shared pool ({@code shardline-process-N}), fed by a record fetcher ({@code shardline-fetch-N}); the
 * leader among the workers lists the stream's shards every {@link ConsumerConfig#shardSyncInterval()} and creates
 * missing leases. See {@code docs/architecture.md}. Meters: {@link SchedulerMetrics}.
 *
 * <p>Thread-safe. Not restartable: after {@link #shutdown()} or {@link #close()} create a new scheduler.
 */
public interface Scheduler extends AutoCloseable {

    /** A scheduler for {@code config}; nothing runs and nothing is called until {@link #start()}. */
    static Scheduler create(ConsumerConfig config) {
        return DefaultScheduler.create(config);
    }

    /**
     * Verifies that Kinesis and DynamoDB answer and that the stream exists (within
     * {@link ConsumerConfig#startupTimeout()}, 10 s by default), then creates the lease and coordination tables if
     * missing (and waits until they are usable), creates leases for the stream's shards if missing, and starts taking
     * leases and processing. Returns once the coordinator runs; records arrive shortly after. Idempotent. The
     * {@link WorkerStateListener} gets {@link WorkerEvent.Started}.
     *
     * @throws IllegalStateException after {@link #shutdown()} or {@link #close()}
     * @throws StartupException      when a service does not answer in time, refuses the connection or denies access, or
     *                               when the stream does not exist: the message names the service, the endpoint and
     *                               the root cause, and nothing was created. Everything started is stopped again.
     * @throws RuntimeException      when a table cannot be created
     */
    void start();

    /**
     * Graceful shutdown: stops taking leases and hands every lease to another worker of the application. Each shard's
     * fetching stops, its in-flight batch finishes, its processor gets {@code shutdownRequested} and checkpoints, and
     * only then does the lease move: the next owner starts exactly after that checkpoint, so nothing is processed
     * twice. A processor that does not return within the coordinator's {@code handoffTimeout} is bypassed (its lease
     * is moved anyway and its checkpoints are fenced). Without a live peer the leases are released. Idempotent.
     *
     * @return completes once every lease has left this worker and every thread of the scheduler has stopped (the
     *         {@code shardline-stop-<workerId>} thread completes it as its last act)
     */
    CompletableFuture<Void> shutdown();

    /**
     * Immediate stop, as if the process died: no handoff and no final checkpoint. Fetching stops at once; each running
     * processor finishes its current callback (up to 10 s) and then gets {@code leaseLost}. The leases stay owned in the
     * table until the other workers see this one dead ({@code failoverTimeout}) and resume from the last checkpoint.
     * Returns once every thread of the scheduler ({@code shardline-*}) has ended; called from a processor callback, it
     * cannot wait for its own thread and returns after starting the stop. A pending {@link #shutdown()} completes
     * exceptionally. Idempotent.
     */
    @Override
    void close();

    /**
     * Where this scheduler is in its life: {@code NEW --start()--> RUNNING --shutdown()--> SHUTTING_DOWN --> STOPPED};
     * {@code close()} or a failed {@code start()} go to {@code STOPPED} from any state.
     */
    enum State {
        /** Created; nothing runs. */
        NEW,
        /** Started: taking leases and processing. */
        RUNNING,
        /** A graceful {@link #shutdown()} hands the leases over. */
        SHUTTING_DOWN,
        /** Stopped by {@link #shutdown()}, {@link #close()} or a failed {@link #start()}; not restartable. */
        STOPPED
    }

    /** The scheduler's state now. */
    State state();

    /** This worker's id: the {@code leaseOwner} of its leases. */
    String workerId();

    /** The lease keys (shard ids) this worker holds now, finished shards included (snapshot). */
    Set<String> ownedLeaseKeys();
}
