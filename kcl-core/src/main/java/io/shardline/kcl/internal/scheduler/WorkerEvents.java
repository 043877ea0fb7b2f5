package io.shardline.kcl.internal.scheduler;

import io.shardline.kcl.WorkerEvent;
import io.shardline.kcl.WorkerStateListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands events to the user's {@link WorkerStateListener}; a listener that throws is logged at WARN, never fatal.
 *
 * <p>Keeps the listener's contract, {@code Started} first: lease events raised while {@code start()} still runs (the
 * coordinator takes leases during the first shard sync) are held and delivered right after {@code Started}; if the
 * start fails instead, they are delivered before {@code Stopped}.
 */
final class WorkerEvents {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerEvents.class);

    private final WorkerStateListener listener;
    private final Object lock = new Object();
    private List<WorkerEvent> held = new ArrayList<>(); // null once Started or Stopped was delivered

    WorkerEvents(WorkerStateListener listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    void publish(WorkerEvent event) {
        synchronized (lock) {
            if (held != null) {
                if (event instanceof WorkerEvent.Started) {
                    deliver(event);
                    held.forEach(this::deliver);
                    held = null;
                } else if (event instanceof WorkerEvent.Stopped) {
                    held.forEach(this::deliver);
                    deliver(event);
                    held = null;
                } else {
                    held.add(event);
                }
                return;
            }
        }
        deliver(event);
    }

    private void deliver(WorkerEvent event) {
        try {
            listener.onEvent(event);
        } catch (RuntimeException e) {
            LOG.warn("{}: the WorkerStateListener threw on {}: {}", event.workerId(), event, e.toString());
        }
    }
}
