package io.shardline.kcl;

import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The streams of a multi-stream application (KCL's {@code StreamTracker} / {@code MultiStreamTracker}): a fixed list,
 * or a callback each worker polls every {@link #pollInterval()} so streams can be added and removed while running.
 * Set it with {@code ConsumerConfig.Builder.streamTracker(..)} instead of a stream name. Leases are then keyed
 * {@code account:streamName:creationEpoch:shardId} (KCL's multi-stream format) and balanced across all streams;
 * {@link #formerStreamLeases()} says what happens to the leases of a stream that leaves the list.
 *
 * <p>Every worker of the application should be given the same tracker: each one polls it, stops its own processors of
 * streams it no longer lists, and the leader assigns only leases of streams its own tracker lists. Immutable.
 */
public final class StreamTracker {

    /** Default of {@link #pollInterval()}: Amazon KCL's new-stream check interval. */
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(60);

    private final List<StreamConfig> fixed;
    private final Supplier<? extends Collection<StreamConfig>> source;
    private final Duration pollInterval;
    private final FormerStreamLeases formerStreamLeases;

    private StreamTracker(List<StreamConfig> fixed, Supplier<? extends Collection<StreamConfig>> source,
            Duration pollInterval, FormerStreamLeases formerStreamLeases) {
        this.fixed = fixed;
        this.source = source;
        this.pollInterval = pollInterval;
        this.formerStreamLeases = formerStreamLeases;
    }

    /**
     * A fixed set of streams.
     *
     * @throws IllegalArgumentException when the list is empty or names a stream twice
     */
    public static StreamTracker fixed(List<StreamConfig> streams) {
        Objects.requireNonNull(streams, "StreamTracker.streams is required, was null");
        List<StreamConfig> copy = List.copyOf(streams);
        if (copy.isEmpty()) {
            throw new IllegalArgumentException("StreamTracker.streams must name at least one stream, was []");
        }
        checkDistinct(copy);
        return new StreamTracker(copy, null, DEFAULT_POLL_INTERVAL, FormerStreamLeases.keep());
    }

    /** A fixed set of streams. */
    public static StreamTracker fixed(StreamConfig... streams) {
        return fixed(List.of(streams));
    }

    /**
     * Streams from {@code source}, called on the scheduler's shard-sync thread every {@code pollInterval} (and at
     * start). A call that throws or returns {@code null} changes nothing (one WARN); a stream named twice in one answer
     * counts once (one WARN).
     *
     * @throws IllegalArgumentException when {@code pollInterval} is not positive
     */
    public static StreamTracker polled(Supplier<? extends Collection<StreamConfig>> source, Duration pollInterval) {
        Objects.requireNonNull(source, "StreamTracker.source is required, was null");
        if (pollInterval == null || pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("StreamTracker.pollInterval must be a positive duration, was "
                    + pollInterval);
        }
        return new StreamTracker(null, source, pollInterval, FormerStreamLeases.keep());
    }

    /** This tracker with {@code strategy} for the leases of streams that leave it (default {@code keep()}). */
    public StreamTracker withFormerStreamLeases(FormerStreamLeases strategy) {
        Objects.requireNonNull(strategy, "StreamTracker.formerStreamLeases is required, was null");
        return new StreamTracker(fixed, source, pollInterval, strategy);
    }

    /** This tracker polled every {@code interval} (a fixed list is polled too: for the deletion strategy's clock). */
    public StreamTracker withPollInterval(Duration interval) {
        if (interval == null || interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("StreamTracker.pollInterval must be a positive duration, was "
                    + interval);
        }
        return new StreamTracker(fixed, source, interval, formerStreamLeases);
    }

    /** The streams now: the fixed list, or the source's answer (may throw; may be {@code null}). */
    public Collection<StreamConfig> streams() {
        return fixed != null ? fixed : source.get();
    }

    /** Whether the streams are a fixed list. */
    public boolean isFixed() {
        return fixed != null;
    }

    /** How often each worker polls {@link #streams()}. */
    public Duration pollInterval() {
        return pollInterval;
    }

    /** What happens to the leases of a stream that left the tracker. */
    public FormerStreamLeases formerStreamLeases() {
        return formerStreamLeases;
    }

    private static void checkDistinct(List<StreamConfig> streams) {
        Set<String> seen = new HashSet<>();
        for (StreamConfig s : streams) {
            String key = s.identifier() != null ? s.identifier().serialize() : s.stream();
            if (!seen.add(key)) {
                throw new IllegalArgumentException("StreamTracker.streams names " + key + " twice");
            }
        }
    }

    @Override
    public String toString() {
        return "StreamTracker{" + (fixed != null ? "streams=" + fixed.stream().map(StreamConfig::stream).toList()
                : "polled every " + pollInterval) + ", formerStreamLeases=" + formerStreamLeases + "}";
    }
}
