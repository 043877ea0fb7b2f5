package io.shardline.kcl.internal.advisor;

import io.shardline.kcl.KinesisClientRecord;
import io.shardline.kcl.advisor.ShardLoad;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Per-shard observations in one-second buckets over a sliding window, turned into {@link ShardLoad}s on demand.
 * Ingest rates are measured on the records' arrival timestamps, so they hold while the consumer is behind (then
 * the records of the window were written faster than they are processed). Lag is the larger of
 * {@code millisBehindLatest} and the age of the last record processed (with prefetching, the fetcher can be close
 * to the tip while the processor is far behind). Thread-safe: each shard's window is guarded by its own lock.
 */
public final class LoadCollector {

    /** Distinct hash keys kept per one-second bucket; more are counted in the rates but not in the histogram. */
    static final int MAX_KEYS_PER_BUCKET = 4096;

    static final int MAX_LAG_SAMPLES = 10_000;

    private final Duration window;
    private final LongSupplier nanoTime;
    private final LongSupplier wallMillis;
    private final Map<String, ShardWindow> shards = new ConcurrentHashMap<>();

    public LoadCollector(Duration window, LongSupplier nanoTime, LongSupplier wallMillis) {
        this.window = window;
        this.nanoTime = nanoTime;
        this.wallMillis = wallMillis;
    }

    /** {@code shardId} is now consumed here (it counts as observed, and idle means cold, from now on). */
    public void started(String shardId) {
        shards.computeIfAbsent(shardId, id -> new ShardWindow());
    }

    /** Records handed to the processor of {@code shardId}, before it runs. */
    public void received(String shardId, List<KinesisClientRecord> records, long millisBehindLatest) {
        ShardWindow w = shards.computeIfAbsent(shardId, id -> new ShardWindow());
        long second = second();
        synchronized (w) {
            Bucket b = w.bucket(second, horizon(second));
            for (KinesisClientRecord r : records) {
                b.records++;
                b.bytes += r.dataSize();
                long arrival = r.approximateArrivalTimestamp() == null ? wallMillis.getAsLong()
                        : r.approximateArrivalTimestamp().toEpochMilli();
                b.minArrival = Math.min(b.minArrival, arrival);
                b.maxArrival = Math.max(b.maxArrival, arrival);
                BigInteger key = HashKeys.of(r.partitionKey(), r.explicitHashKey());
                if (b.keys.size() < MAX_KEYS_PER_BUCKET || b.keys.containsKey(key)) {
                    b.keys.merge(key, 1L, Long::sum);
                }
            }
            w.pendingBehind = millisBehindLatest;
            if (!records.isEmpty()) {
                // The age of the batch's first record as its processing starts: a long batch still shows lag.
                KinesisClientRecord first = records.get(0);
                long age = first.approximateArrivalTimestamp() == null ? -1
                        : Math.max(0, wallMillis.getAsLong() - first.approximateArrivalTimestamp().toEpochMilli());
                w.lag(nanoTime.getAsLong(), Math.max(age, millisBehindLatest));
            }
        }
    }

    /** The processor of {@code shardId} finished {@code records}; the last one arrived at {@code lastArrivalMillis}. */
    public void processed(String shardId, int records, long lastArrivalMillis) {
        ShardWindow w = shards.computeIfAbsent(shardId, id -> new ShardWindow());
        long now = nanoTime.getAsLong();
        long second = now / 1_000_000_000L;
        long age = lastArrivalMillis < 0 ? -1 : Math.max(0, wallMillis.getAsLong() - lastArrivalMillis);
        synchronized (w) {
            Bucket b = w.bucket(second, horizon(second));
            b.processed += records;
            w.lag(now, Math.max(age, w.pendingBehind));
        }
    }

    /** A GetRecords call on {@code shardId} was throttled. */
    public void throttled(String shardId, long count) {
        ShardWindow w = shards.computeIfAbsent(shardId, id -> new ShardWindow());
        long second = second();
        synchronized (w) {
            w.bucket(second, horizon(second)).throttles += count;
        }
    }

    public Set<String> observedShards() {
        return Set.copyOf(shards.keySet());
    }

    public void forget(String shardId) {
        shards.remove(shardId);
    }

    /** The load of {@code shardId} over the window (an unobserved shard has zero samples). */
    public ShardLoad load(String shardId, BigInteger startingHashKey, BigInteger endingHashKey) {
        ShardWindow w = shards.get(shardId);
        if (w == null) {
            return ShardLoad.unobserved(shardId, startingHashKey, endingHashKey);
        }
        long now = nanoTime.getAsLong();
        long second = now / 1_000_000_000L;
        synchronized (w) {
            w.trim(horizon(second), now - window.toNanos());
            long records = 0;
            long bytes = 0;
            long processed = 0;
            long throttles = 0;
            long minArrival = Long.MAX_VALUE;
            long maxArrival = Long.MIN_VALUE;
            SortedMap<BigInteger, Long> keys = new TreeMap<>();
            for (Bucket b : w.buckets) {
                records += b.records;
                bytes += b.bytes;
                processed += b.processed;
                throttles += b.throttles;
                minArrival = Math.min(minArrival, b.minArrival);
                maxArrival = Math.max(maxArrival, b.maxArrival);
                b.keys.forEach((k, v) -> keys.merge(k, v, Long::sum));
            }
            double seconds = window.toMillis() / 1000.0;
            double arrivalSeconds = records == 0 ? seconds : Math.max(1.0, (maxArrival - minArrival) / 1000.0);
            long lag = w.lags.isEmpty() ? -1 : w.lags.peekLast()[1];
            return new ShardLoad(shardId, startingHashKey, endingHashKey, records / arrivalSeconds,
                    bytes / arrivalSeconds, processed / seconds, lag, slope(w.lags), throttles / seconds, keys,
                    records, true);
        }
    }

    /** Least-squares slope of lag (ms) over time (s); 0 with fewer than two samples. */
    static double slope(Deque<long[]> samples) {
        int n = samples.size();
        if (n < 2) {
            return 0;
        }
        long t0 = samples.peekFirst()[0];
        double sx = 0, sy = 0, sxx = 0, sxy = 0;
        for (long[] s : samples) {
            double x = (s[0] - t0) / 1e9;
            double y = s[1];
            sx += x;
            sy += y;
            sxx += x * x;
            sxy += x * y;
        }
        double denominator = n * sxx - sx * sx;
        return denominator <= 0 ? 0 : (n * sxy - sx * sy) / denominator;
    }

    private long second() {
        return nanoTime.getAsLong() / 1_000_000_000L;
    }

    private long horizon(long second) {
        return second - Math.max(1, window.toSeconds()) + 1;
    }

    private static final class ShardWindow {
        final Deque<Bucket> buckets = new ArrayDeque<>();
        final Deque<long[]> lags = new ArrayDeque<>();
        long pendingBehind = -1;

        void lag(long nanos, long lagMillis) {
            if (lagMillis >= 0) {
                lags.addLast(new long[] {nanos, lagMillis});
                if (lags.size() > MAX_LAG_SAMPLES) {
                    lags.removeFirst();
                }
            }
        }

        Bucket bucket(long second, long horizon) {
            trim(horizon, Long.MIN_VALUE);
            Bucket last = buckets.peekLast();
            if (last == null || last.second != second) {
                last = new Bucket(second);
                buckets.addLast(last);
            }
            return last;
        }

        void trim(long horizon, long lagHorizonNanos) {
            while (!buckets.isEmpty() && buckets.peekFirst().second < horizon) {
                buckets.removeFirst();
            }
            while (!lags.isEmpty() && lags.peekFirst()[0] < lagHorizonNanos) {
                lags.removeFirst();
            }
        }
    }

    private static final class Bucket {
        final long second;
        long records;
        long bytes;
        long processed;
        long throttles;
        long minArrival = Long.MAX_VALUE;
        long maxArrival = Long.MIN_VALUE;
        final TreeMap<BigInteger, Long> keys = new TreeMap<>();

        Bucket(long second) {
            this.second = second;
        }
    }
}
