package io.shardline.kcl.internal.multistream;

import io.shardline.kcl.StartingPosition;
import io.shardline.kcl.StreamConfig;
import io.shardline.kcl.StreamIdentifier;
import io.shardline.kcl.StreamTracker;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The streams a worker of a multi-stream application processes now: the {@link StreamTracker}'s answer with every
 * stream resolved to its {@link StreamIdentifier}. {@link #poll()} runs on the shard-sync thread and reports what
 * changed; the readers ({@link #isTracked}, {@link #config}) run on any thread and see an immutable snapshot.
 *
 * <p>A stream named by name or ARN is resolved at every poll ({@code DescribeStreamSummary}), so a stream deleted
 * and re-created under the same name gets its new creation epoch, and the old identifier leaves the set. A stream the
 * resolver reports absent (deleted) is not tracked; one whose resolution fails otherwise (throttled, timeout) keeps
 * its last identifier, so a blip never stops a stream. A tracker call that throws or returns {@code null} changes
 * nothing.
 */
public final class TrackedStreams {

    private static final Logger LOG = LoggerFactory.getLogger(TrackedStreams.class);

    /** Finds a stream's identifier. */
    @FunctionalInterface
    public interface Resolver {
        /**
         * @throws StreamAbsentException when the stream does not exist (now)
         * @throws RuntimeException      when it could not be told (the last identifier is kept)
         */
        StreamIdentifier resolve(String streamNameOrArn);
    }

    /** The stream does not exist. */
    public static final class StreamAbsentException extends RuntimeException {
        public StreamAbsentException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** What one poll changed. */
    public record Change(Set<StreamIdentifier> added, Set<StreamIdentifier> removed) {
        public Change {
            added = Set.copyOf(added);
            removed = Set.copyOf(removed);
        }

        public boolean isEmpty() {
            return added.isEmpty() && removed.isEmpty();
        }
    }

    private final StreamTracker tracker;
    private final Resolver resolver;
    private final StartingPosition defaultPosition;
    private final String workerId;
    private final Map<String, StreamIdentifier> lastResolved = new HashMap<>();
    private volatile Map<StreamIdentifier, StreamConfig> current = Map.of();

    public TrackedStreams(StreamTracker tracker, Resolver resolver, StartingPosition defaultPosition,
            String workerId) {
        this.tracker = tracker;
        this.resolver = resolver;
        this.defaultPosition = defaultPosition;
        this.workerId = workerId;
    }

    /** Asks the tracker and resolves its streams. Not thread-safe: one polling thread. */
    public Change poll() {
        Collection<StreamConfig> answer;
        try {
            answer = tracker.streams();
        } catch (RuntimeException e) {
            LOG.warn("{}: the stream tracker failed: {}; keeping the {} streams tracked", workerId, e.toString(),
                    current.size());
            return new Change(Set.of(), Set.of());
        }
        if (answer == null) {
            LOG.warn("{}: the stream tracker returned null; keeping the {} streams tracked", workerId, current.size());
            return new Change(Set.of(), Set.of());
        }
        Map<StreamIdentifier, StreamConfig> next = new LinkedHashMap<>();
        for (StreamConfig config : answer) {
            if (config == null) {
                continue;
            }
            resolve(config).ifPresent(id -> {
                if (next.putIfAbsent(id, config) != null) {
                    LOG.warn("{}: the stream tracker names {} twice; counting it once", workerId, id);
                }
            });
        }
        Map<StreamIdentifier, StreamConfig> before = current;
        current = Map.copyOf(next);
        Set<StreamIdentifier> added = new LinkedHashSet<>(next.keySet());
        added.removeAll(before.keySet());
        Set<StreamIdentifier> removed = new LinkedHashSet<>(before.keySet());
        removed.removeAll(next.keySet());
        if (!added.isEmpty() || !removed.isEmpty()) {
            LOG.info("{}: streams tracked: {} (added {}, removed {})", workerId, next.keySet(), added, removed);
        }
        return new Change(added, removed);
    }

    private Optional<StreamIdentifier> resolve(StreamConfig config) {
        if (config.identifier() != null) {
            return Optional.of(config.identifier());
        }
        try {
            StreamIdentifier id = resolver.resolve(config.stream());
            StreamIdentifier previous = lastResolved.put(config.stream(), id);
            if (previous != null && !previous.equals(id)) {
                LOG.info("{}: stream {} was re-created: {} replaces {}", workerId, config.stream(), id, previous);
            }
            return Optional.of(id);
        } catch (StreamAbsentException e) {
            if (lastResolved.remove(config.stream()) != null) {
                LOG.info("{}: stream {} no longer exists: {}", workerId, config.stream(), e.getMessage());
            }
            return Optional.empty();
        } catch (RuntimeException e) {
            StreamIdentifier last = lastResolved.get(config.stream());
            LOG.warn("{}: describing stream {} failed: {}; {}", workerId, config.stream(), e.toString(),
                    last == null ? "it is not tracked until it answers" : "keeping " + last);
            return Optional.ofNullable(last);
        }
    }

    /** The streams tracked now. */
    public Set<StreamIdentifier> streams() {
        return current.keySet();
    }

    /** Whether {@code leaseKey} is a lease of a stream tracked now (a single-stream key never is). */
    public boolean isTracked(String leaseKey) {
        return StreamIdentifier.ofLeaseKey(leaseKey).map(current::containsKey).orElse(false);
    }

    /** The config of {@code stream} when tracked now. */
    public Optional<StreamConfig> config(StreamIdentifier stream) {
        return Optional.ofNullable(current.get(stream));
    }

    /** Where a new lease of {@code stream} starts: its config's initial position, else the application's. */
    public StartingPosition initialPosition(StreamIdentifier stream) {
        StreamConfig config = current.get(stream);
        return config != null && config.initialPosition() != null ? config.initialPosition() : defaultPosition;
    }

    /** The tracker's deletion strategy and poll interval. */
    public StreamTracker tracker() {
        return tracker;
    }
}
