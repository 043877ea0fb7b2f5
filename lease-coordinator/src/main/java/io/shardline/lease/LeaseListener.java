package io.shardline.lease;

/**
 * Receives this worker's {@link LeaseEvent}s. Called on the coordinator thread
 * ({@code shardline-coordinator-<workerId>}), one event at a time: it <b>must not block</b> (no I/O, no waiting for
 * a processor): a slow listener delays heartbeats and can make the worker fence itself. Hand work to another thread
 * and come back through {@link LeaseCoordinator#completeHandoff} / {@link LeaseCoordinator#reportFenced}, which may
 * be called from any thread, including from inside the listener. An exception thrown by the listener is logged and
 * otherwise ignored.
 */
@FunctionalInterface
public interface LeaseListener {

    /** Called on the coordinator thread for each event; must not block. */
    void onEvent(LeaseEvent event);

    /** Ignores every event. With it, use {@code autoCompleteHandoff} or handoffs wait for {@code handoffTimeout}. */
    static LeaseListener noOp() {
        return event -> { };
    }
}
