package io.shardline.kcl.internal.scheduler;

import io.shardline.kcl.WorkerEvent;
import io.shardline.kcl.WorkerStateListener;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Hands events to the user's {@link WorkerStateListener}; a listener that throws is logged at WARN, never fatal. */
final class WorkerEvents {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerEvents.class);

    private final WorkerStateListener listener;

    WorkerEvents(WorkerStateListener listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    void publish(WorkerEvent event) {
        try {
            listener.onEvent(event);
        } catch (RuntimeException e) {
            LOG.warn("{}: the WorkerStateListener threw on {}: {}", event.workerId(), event, e.toString());
        }
    }
}
