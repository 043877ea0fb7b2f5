package io.shardline.lease.internal;

import java.util.EnumSet;
import java.util.Set;

/**
 * Lifecycle of a coordinator.
 *
 * <pre>
 *   NEW --start()--> RUNNING --shutdown()--> LEAVING --all leases handed off, member item deleted--> STOPPED
 *    |                  |                       |
 *    +---shutdown()/close()---------------------+--close()----------------------------------------> STOPPED
 * </pre>
 */
enum CoordinatorState {
    NEW,
    RUNNING,
    LEAVING,
    STOPPED;

    private Set<CoordinatorState> next() {
        return switch (this) {
            case NEW -> EnumSet.of(RUNNING, STOPPED);
            case RUNNING -> EnumSet.of(LEAVING, STOPPED);
            case LEAVING -> EnumSet.of(STOPPED);
            case STOPPED -> EnumSet.noneOf(CoordinatorState.class);
        };
    }

    /** @throws IllegalStateException when {@code target} is not a legal next state */
    CoordinatorState transitionTo(CoordinatorState target) {
        if (!next().contains(target)) {
            throw new IllegalStateException("illegal coordinator transition " + this + " -> " + target);
        }
        return target;
    }
}
