package io.shardline.lease;

import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Records every event with the (manual) time it arrived, keeps the set of leases the "processors" would be running,
 * and plays the consumer layer's part in handoffs: confirms each {@link LeaseEvent.HandoffRequested} at once
 * ({@link HandoffMode#CONFIRM}) or never ({@link HandoffMode#NEVER}).
 */
final class RecordingListener implements LeaseListener {

    enum HandoffMode { CONFIRM, NEVER }

    record Recorded(Instant at, LeaseEvent event) {
    }

    private final InstantSource clock;
    private final HandoffMode mode;
    private final List<Recorded> events = new ArrayList<>();
    private final Set<String> processing = new LinkedHashSet<>();
    private final Map<String, Integer> violations = new HashMap<>();
    private LeaseCoordinator coordinator;

    RecordingListener(InstantSource clock, HandoffMode mode) {
        this.clock = clock;
        this.mode = mode;
    }

    void attach(LeaseCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public synchronized void onEvent(LeaseEvent event) {
        events.add(new Recorded(clock.instant(), event));
        if (event instanceof LeaseEvent.Acquired a) {
            if (!processing.add(a.leaseKey())) {
                violations.merge("Acquired while processing " + a.leaseKey(), 1, Integer::sum);
            }
        } else if (event instanceof LeaseEvent.Lost l) {
            if (!processing.remove(l.leaseKey())) {
                violations.merge("Lost while not processing " + l.leaseKey(), 1, Integer::sum);
            }
        } else if (event instanceof LeaseEvent.HandoffRequested h) {
            if (!processing.contains(h.leaseKey())) {
                violations.merge("HandoffRequested while not processing " + h.leaseKey(), 1, Integer::sum);
            }
            if (mode == HandoffMode.CONFIRM) {
                coordinator.completeHandoff(h.leaseKey());
            }
        }
    }

    synchronized List<Recorded> events() {
        return List.copyOf(events);
    }

    synchronized List<Recorded> events(Predicate<LeaseEvent> filter) {
        return events.stream().filter(r -> filter.test(r.event())).toList();
    }

    synchronized List<LeaseEvent.Lost> lost(LossReason reason) {
        return events.stream().map(Recorded::event)
                .filter(e -> e instanceof LeaseEvent.Lost l && l.reason() == reason)
                .map(LeaseEvent.Lost.class::cast).toList();
    }

    synchronized long count(Class<? extends LeaseEvent> type) {
        return events.stream().filter(r -> type.isInstance(r.event())).count();
    }

    /** The leases a consumer driven by these events would be processing now. */
    synchronized Set<String> processing() {
        return Set.copyOf(processing);
    }

    /** Event sequences that break "Acquired, then Lost, then Acquired..." per lease. */
    synchronized Map<String, Integer> violations() {
        return Map.copyOf(violations);
    }

    synchronized void clear() {
        events.clear();
    }
}
