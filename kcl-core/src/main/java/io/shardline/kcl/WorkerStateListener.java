package io.shardline.kcl;

/**
 * Told about the state changes of one worker (one {@link Scheduler}), like Amazon KCL's
 * {@code WorkerStateChangeListener} but with the leases too: {@link WorkerEvent.Started}, then any number of
 * {@link WorkerEvent.LeaseAcquired}, {@link WorkerEvent.LeaseLost}, {@link WorkerEvent.ShardEnded} and
 * {@link WorkerEvent.Fenced}, and last {@link WorkerEvent.Stopped} (once, with the cause when the worker did not stop
 * cleanly: a failed start, a {@link Scheduler#close()} or a failed shutdown).
 *
 * <pre>{@code
 * ConsumerConfig.builder()
 *         ...
 *         .workerStateListener(event -> {
 *             if (event instanceof WorkerEvent.Stopped stopped && stopped.cause().isPresent()) {
 *                 alerts.raise("shardline worker stopped: " + stopped.cause().get().getMessage());
 *             }
 *         })
 * }</pre>
 *
 * <p>Called on the scheduler's own threads (the coordinator thread, a processing thread, or the thread that called
 * {@code start}, {@code shutdown} or {@code close}); it must return quickly and must not call back into the scheduler's
 * {@code shutdown} or {@code close} synchronously. An exception it throws is logged at WARN and otherwise ignored.
 */
@FunctionalInterface
public interface WorkerStateListener {

    /** The listener that ignores every event. */
    WorkerStateListener NONE = event -> { };

    /**
     * One state change of the worker.
     *
     * @param event what happened
     */
    void onEvent(WorkerEvent event);
}
