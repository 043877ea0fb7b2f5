package io.shardline.kcl.internal.consumer;

import io.shardline.checkpoint.CheckpointerFactory;
import io.shardline.kcl.FailurePolicy;
import io.shardline.kcl.ShardRecordProcessorFactory;
import io.shardline.kcl.StartingPosition;
import io.shardline.kcl.retrieval.RecordFetcherFactory;
import io.shardline.lease.LeaseStore;
import io.shardline.lease.Time;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What every shard consumer of one scheduler shares.
 *
 * @param workerId          this worker (for logs and the MDC)
 * @param stream            the stream's name or ARN
 * @param initialPosition   where a lease without checkpoint starts
 * @param processors        makes the application's processors
 * @param fetchers          makes the record fetchers
 * @param checkpointers     makes the fenced checkpointers
 * @param leaseStore        reads parent leases, creates child leases
 * @param processingPool    the bounded pool every processor callback runs on
 * @param timer             schedules retries and re-checks; its tasks only post to a consumer and return
 * @param metrics           the consumer meters
 * @param callbacks         tells the coordinator about completed handoffs and fenced checkpoints
 * @param timings           the consumer's waits
 * @param application       the application name (in dead-letter entries)
 * @param failurePolicy     what to do when {@code processRecords} throws
 * @param time              the worker's clocks (monotonic time for every backoff and deadline)
 */
public record ConsumerContext(String workerId, String stream, StartingPosition initialPosition,
        ShardRecordProcessorFactory processors, RecordFetcherFactory fetchers, CheckpointerFactory checkpointers,
        LeaseStore leaseStore, Executor processingPool, ScheduledExecutorService timer, ConsumerMetrics metrics,
        LeaseCallbacks callbacks, Timings timings, String application, FailurePolicy failurePolicy, Time time) {

    /** On the system clocks. */
    public ConsumerContext(String workerId, String stream, StartingPosition initialPosition,
            ShardRecordProcessorFactory processors, RecordFetcherFactory fetchers, CheckpointerFactory checkpointers,
            LeaseStore leaseStore, Executor processingPool, ScheduledExecutorService timer, ConsumerMetrics metrics,
            LeaseCallbacks callbacks, Timings timings, String application, FailurePolicy failurePolicy) {
        this(workerId, stream, initialPosition, processors, fetchers, checkpointers, leaseStore, processingPool, timer,
                metrics, callbacks, timings, application, failurePolicy, Time.system());
    }

    /** With the default failure policy and the application named after the worker (tests). */
    public ConsumerContext(String workerId, String stream, StartingPosition initialPosition,
            ShardRecordProcessorFactory processors, RecordFetcherFactory fetchers, CheckpointerFactory checkpointers,
            LeaseStore leaseStore, Executor processingPool, ScheduledExecutorService timer, ConsumerMetrics metrics,
            LeaseCallbacks callbacks, Timings timings) {
        this(workerId, stream, initialPosition, processors, fetchers, checkpointers, leaseStore, processingPool, timer,
                metrics, callbacks, timings, workerId, FailurePolicy.defaults());
    }

    public ConsumerContext {
        Objects.requireNonNull(workerId, "workerId");
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(initialPosition, "initialPosition");
        Objects.requireNonNull(processors, "processors");
        Objects.requireNonNull(fetchers, "fetchers");
        Objects.requireNonNull(checkpointers, "checkpointers");
        Objects.requireNonNull(leaseStore, "leaseStore");
        Objects.requireNonNull(processingPool, "processingPool");
        Objects.requireNonNull(timer, "timer");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(callbacks, "callbacks");
        Objects.requireNonNull(timings, "timings");
        Objects.requireNonNull(application, "application");
        Objects.requireNonNull(failurePolicy, "failurePolicy");
        Objects.requireNonNull(time, "time");
    }

    /**
     * This context for the consumers of one stream of a multi-stream application: its name, where its new leases
     * start, and the fetchers that read a lease key's shard of it.
     */
    public ConsumerContext forStream(String streamName, StartingPosition streamInitialPosition,
            RecordFetcherFactory streamFetchers) {
        return new ConsumerContext(workerId, streamName, streamInitialPosition, processors, streamFetchers,
                checkpointers, leaseStore, processingPool, timer, metrics, callbacks, timings, application,
                failurePolicy, time);
    }

    /**
     * The consumer's waits.
     *
     * @param parentPollInterval how often a waiting child re-reads its parents' leases
     * @param backoffPolicy      whose {@link FailurePolicy#backoff(int)} (base doubling per consecutive failure,
     *                           capped) spaces the retries of a failed processor callback, checkpoint or fetcher
     *                           start: the one backoff formula of the consumer
     */
    public record Timings(Duration parentPollInterval, FailurePolicy backoffPolicy) {

        /** 100 ms doubling up to 10 s: quick recovery from a blip, one try every 10 s during an outage. */
        public static Timings defaults(Duration parentPollInterval) {
            return new Timings(parentPollInterval, FailurePolicy.defaults());
        }

        /** The failure policy's backoff, for every retried callback, checkpoint and fetcher start. */
        public static Timings of(Duration parentPollInterval, FailurePolicy policy) {
            return new Timings(parentPollInterval, policy);
        }

        /**
         * With a backoff of {@code retryBackoffBase} doubling up to {@code retryBackoffMax} (validated as
         * {@link FailurePolicy}'s).
         */
        public Timings(Duration parentPollInterval, Duration retryBackoffBase, Duration retryBackoffMax) {
            this(parentPollInterval, FailurePolicy.builder().retryBackoffBase(retryBackoffBase)
                    .retryBackoffMax(retryBackoffMax).build());
        }

        public Timings {
            Objects.requireNonNull(parentPollInterval, "parentPollInterval");
            Objects.requireNonNull(backoffPolicy, "backoffPolicy");
        }

        public Duration retryBackoffBase() {
            return backoffPolicy.retryBackoffBase();
        }

        public Duration retryBackoffMax() {
            return backoffPolicy.retryBackoffMax();
        }

        /** The wait before retry number {@code failures} (1 for the first retry). */
        Duration backoff(int failures) {
            return backoffPolicy.backoff(failures);
        }
    }
}
