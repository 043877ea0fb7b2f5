package io.shardline.multilang.internal;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Runs a blocking call with a deadline, so a test that waits never hangs. */
final class Awaits {

    private static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "test-await");
        t.setDaemon(true);
        return t;
    });

    private Awaits() {
    }

    static <T> T within(Duration deadline, Callable<T> call) {
        Future<T> future = POOL.submit(call);
        try {
            return future.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new AssertionError("no result within " + deadline, e);
        } catch (ExecutionException e) {
            throw new AssertionError("failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Starts {@code call} on another thread (a processor callback that blocks on the child). */
    static Future<?> start(Runnable call) {
        return POOL.submit(call);
    }
}
