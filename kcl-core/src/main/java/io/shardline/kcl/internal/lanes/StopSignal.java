package io.shardline.kcl.internal.lanes;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Why the lanes of one shard stop, set once: a lane's waits (retry backoff) end at once when it is set. Thread-safe.
 */
final class StopSignal {

    /** Why the lanes stopped. */
    enum Reason {
        /** The lease is gone: stop at once, write nothing more. */
        LEASE_LOST,
        /** The failure policy stopped the shard at a record it keeps failing on. */
        POLICY_STOP,
        /** The processor ended normally (handoff or shard end) after the lanes drained. */
        FINISHED
    }

    private final AtomicReference<Reason> reason = new AtomicReference<>();
    private final CountDownLatch stopped = new CountDownLatch(1);

    /** Sets the reason if none is set yet; true when this call set it. */
    boolean stop(Reason why) {
        if (reason.compareAndSet(null, why)) {
            stopped.countDown();
            return true;
        }
        return false;
    }

    boolean isStopped() {
        return reason.get() != null;
    }

    /** The reason, or {@code null} while running. */
    Reason reason() {
        return reason.get();
    }

    /** Waits {@code duration} unless stopped first; true when stopped. Restores the interrupt flag. */
    boolean await(Duration duration) {
        try {
            return stopped.await(duration.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }
}
