package io.shardline.samples.common;

import io.shardline.kcl.Scheduler;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a sample's scheduler until the process is asked to stop (Ctrl-C, SIGTERM, or the parent process ending with
 * {@code --exit-with-parent}), then shuts it down gracefully: every shard is handed over after a final checkpoint,
 * so the other workers continue without duplicates.
 */
public final class ConsumerRunner {

    private static final Logger log = LoggerFactory.getLogger(ConsumerRunner.class);
    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);

    private ConsumerRunner() {
    }

    /**
     * Starts {@code scheduler}, then runs {@code onStarted}, and blocks until the JVM shuts down; {@code afterStop}
     * runs once the scheduler has stopped (flush outputs there).
     */
    public static void runUntilStopped(Scheduler scheduler, boolean exitWithParent, Runnable onStarted,
            Runnable afterStop) {
        scheduler.start(); // a missing stream or table throws here, with nothing left running
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop(scheduler);
            afterStop.run();
            stopped.countDown();
        }, "samples-shutdown"));
        if (exitWithParent) {
            exitWithParent();
        }
        onStarted.run();
        log.info("Worker {} started; Ctrl-C (SIGTERM) hands its shards over and stops it", scheduler.workerId());
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** For child processes (the demo's): a graceful stop when the parent process ends, however it ends. */
    public static void exitWithParent() {
        ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() -> System.exit(0)));
    }

    private static void stop(Scheduler scheduler) {
        log.info("Stopping worker {}: handing its shards over", scheduler.workerId());
        try {
            scheduler.shutdown().get(SHUTDOWN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            log.info("Worker {} stopped", scheduler.workerId());
        } catch (ExecutionException | TimeoutException e) {
            log.warn("Graceful shutdown of {} did not complete ({}); closing", scheduler.workerId(), e.toString());
            scheduler.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            scheduler.close();
        }
    }
}
