package io.shardline.lease.internal;

import io.shardline.lease.LeaseEvent;
import io.shardline.lease.LeaseListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Delivers events to the listener on the coordinator thread; counts them; a throwing listener is logged. */
final class EventDispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(EventDispatcher.class);

    private final String workerId;
    private final LeaseListener listener;
    private final CoordinatorCounters counters;

    EventDispatcher(String workerId, LeaseListener listener, CoordinatorCounters counters) {
        this.workerId = workerId;
        this.listener = listener;
        this.counters = counters;
    }

    void emit(LeaseEvent event) {
        if (event instanceof LeaseEvent.Acquired) {
            counters.leasesAcquired.increment();
        } else if (event instanceof LeaseEvent.Lost) {
            counters.leasesLost.increment();
        }
        LOG.debug("{}: {}", workerId, event);
        try {
            listener.onEvent(event);
        } catch (RuntimeException e) {
            LOG.error("{}: lease listener threw on {}", workerId, event, e);
        }
    }
}
