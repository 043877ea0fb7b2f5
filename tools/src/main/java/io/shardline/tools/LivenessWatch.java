package io.shardline.tools;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Liveness as the workers themselves judge it, from the outside: a heartbeat counter is an opaque number, so a worker
 * is alive when its counter was seen to change within {@code deadAfter}, dead once it was watched that long without a
 * change, and unknown before that. Keeps state across reads (the watcher of {@code --watch} and {@code serve}); a
 * one-shot {@code status} reads twice. Monotonic time.
 */
final class LivenessWatch {

    private record Seen(long value, long changedAtNanos, long firstSeenNanos, boolean changedWhileWatched) {
    }

    private final Duration deadAfter;
    private final LongSupplier nanoTime;
    private final Map<String, Seen> seen = new HashMap<>();

    LivenessWatch(Duration deadAfter, LongSupplier nanoTime) {
        this.deadAfter = deadAfter;
        this.nanoTime = nanoTime;
    }

    synchronized void observe(String id, long counter) {
        long now = nanoTime.getAsLong();
        Seen before = seen.get(id);
        if (before == null) {
            seen.put(id, new Seen(counter, now, now, false));
        } else if (before.value() != counter) {
            seen.put(id, new Seen(counter, now, before.firstSeenNanos(), true));
        }
    }

    /** {@code alive}, {@code dead} or {@code unknown}. */
    synchronized String liveness(String id) {
        Seen s = seen.get(id);
        if (s == null) {
            return "unknown";
        }
        long unchanged = nanoTime.getAsLong() - s.changedAtNanos();
        if (unchanged >= deadAfter.toNanos()) {
            return "dead";
        }
        return s.changedWhileWatched() ? "alive" : "unknown";
    }

    /** Milliseconds since the counter was last seen to change, or null before a change was seen. */
    synchronized Long heartbeatAgeMillis(String id) {
        Seen s = seen.get(id);
        if (s == null || (!s.changedWhileWatched() && "unknown".equals(liveness(id)))) {
            return null;
        }
        return (nanoTime.getAsLong() - s.changedAtNanos()) / 1_000_000;
    }

    Duration deadAfter() {
        return deadAfter;
    }
}
