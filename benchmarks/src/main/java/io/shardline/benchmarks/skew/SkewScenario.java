package io.shardline.benchmarks.skew;

import io.shardline.benchmarks.Results;
import io.shardline.benchmarks.harness.Percentiles;
import io.shardline.benchmarks.harness.Wait;
import io.shardline.lease.AssignmentStrategy;
import io.shardline.testing.LocalAws;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.kinesis.model.Shard;

/**
 * One system's run: a fresh 8-shard stream with the skewed producer running; worker 1 starts alone and takes every
 * lease, then workers 2 to 4 join (a rolling start); after {@code settle} the {@code steady} window measures:
 * <ul>
 *   <li>{@code max_over_mean_load}: every second, each worker's offered load (the put rate, over the window, of the
 *       shards it holds at that second; a shard in handoff counts for its last holder) and max/mean over the 4
 *       workers; the mean of those per-second ratios;</li>
 *   <li>{@code lag_p95_ms} ({@code lag_p50_ms}): put-to-processed time of the records processed in the window;</li>
 *   <li>{@code moves}: lease holder changes seen in the window (sampled every second); {@code moves_total} since the
 *       joins; {@code duplicates}: records processed twice over the whole run (0 expected: every move is a
 *       graceful handoff).</li>
 * </ul>
 */
final class SkewScenario {

    private static final Logger LOG = LoggerFactory.getLogger(SkewScenario.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(240);

    private final LocalAws aws;
    private final Results results;
    private final SkewCommand options;

    SkewScenario(LocalAws aws, Results results, SkewCommand options) {
        this.aws = aws;
        this.results = results;
        this.options = options;
    }

    void run(String system, AssignmentStrategy strategy) {
        String stream = "skew-" + system;
        List<Shard> shards = new ArrayList<>(aws.streams().create(stream, options.shards));
        shards.sort(Comparator.comparing(Shard::shardId));
        ZipfTraffic traffic = new ZipfTraffic(options.keys, options.exponent, options.hotKeys, options.shards, 7);
        LOG.info("{}: expected share per shard {}", system, traffic.shares());
        SkewRecorder recorder = new SkewRecorder();
        Duration interval = Duration.ofSeconds(options.intervalSeconds);
        Duration cost = Duration.ofNanos((long) (options.recordCostMillis * 1_000_000));
        List<SkewWorker> workers = new ArrayList<>();
        java.util.function.IntFunction<SkewWorker> make = i -> new SkewWorker(aws, stream, stream + "-app",
                system + "-w" + i, strategy, cost, interval, Duration.ofSeconds(options.failoverSeconds),
                Duration.ofMillis(options.idleMillis), recorder);
        try (SkewProducer producer = new SkewProducer(aws.kinesis(), stream, shards, traffic, options.rate)) {
            producer.start();
            workers.add(startWithRetries(make, 1));
            Wait.until(system + " worker 1 to hold every lease", START_TIMEOUT,
                    () -> workers.get(0).owned().size() == options.shards);
            for (int i = 2; i <= options.workers; i++) {
                workers.add(startWithRetries(make, i));
            }
            Ownership ownership = new Ownership(workers);
            long joinedAt = System.currentTimeMillis();
            long windowFrom = joinedAt + options.settleSeconds * 1000L;
            long windowTo = windowFrom + options.steadySeconds * 1000L;
            Map<String, Long> putAtStart = null;
            boolean measuring = false;
            while (System.currentTimeMillis() < windowTo) {
                ownership.sample(measuring);
                if (!measuring && System.currentTimeMillis() >= windowFrom) {
                    putAtStart = producer.counts();
                    recorder.measure(true);
                    ownership.startWindow();
                    measuring = true;
                }
                sleep(1000);
            }
            recorder.measure(false);
            Map<String, Long> putAtEnd = producer.counts();
            report(system, ownership, putAtStart, putAtEnd, recorder);
        } finally {
            workers.parallelStream().forEach(SkewWorker::close);
        }
    }

    /** Starts worker {@code i}; a start the slow emulators fail (a startup deadline) is tried again, 3 times. */
    private static SkewWorker startWithRetries(java.util.function.IntFunction<SkewWorker> make, int i) {
        for (int attempt = 1; ; attempt++) {
            SkewWorker w = make.apply(i);
            try {
                w.start();
                return w;
            } catch (RuntimeException e) {
                w.close();
                if (attempt == 3) {
                    throw e;
                }
                LOG.warn("worker {} did not start ({}); trying again", i, e.toString());
            }
        }
    }

    private void report(String system, Ownership ownership, Map<String, Long> from, Map<String, Long> to,
            SkewRecorder recorder) {
        Map<String, Double> rate = new TreeMap<>();
        to.forEach((shard, n) -> rate.put(shard, (n - from.getOrDefault(shard, 0L)) / (double) options.steadySeconds));
        double ratioSum = 0;
        for (Map<String, String> sample : ownership.window) {
            Map<String, Double> load = new HashMap<>();
            ownership.workers.forEach(w -> load.put(w, 0.0));
            sample.forEach((shard, worker) -> load.merge(worker, rate.getOrDefault(shard, 0.0), Double::sum));
            double max = load.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
            double mean = load.values().stream().mapToDouble(Double::doubleValue).sum() / load.size();
            ratioSum += mean == 0 ? 0 : max / mean;
        }
        double ratio = ratioSum / Math.max(1, ownership.window.size());
        Percentiles lags = Percentiles.of(recorder.lags());
        LOG.info("{}: put rate per shard in the window {}; holders at the end {}", system, rate,
                ownership.window.isEmpty() ? Map.of() : ownership.window.get(ownership.window.size() - 1));
        results.record(system, "max_over_mean_load", Math.round(ratio * 100) / 100.0);
        results.record(system, "lag_p95_ms", lags.count() == 0 ? -1 : lags.at(95));
        results.record(system, "lag_p50_ms", lags.count() == 0 ? -1 : lags.at(50));
        results.record(system, "moves", ownership.windowMoves);
        results.record(system, "moves_total", ownership.totalMoves);
        results.record(system, "processed_in_window", lags.count());
        results.record(system, "duplicates", recorder.duplicates());
        results.record(system, "duplicates_after_move", recorder.duplicatesAfterMove());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis); // the benchmark's sampling period, not a wait for a condition
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Who holds which shard, sampled every second, and the holder changes seen. */
    private static final class Ownership {
        private final List<SkewWorker> all;
        private final List<String> workers = new ArrayList<>();
        private final Map<String, String> last = new HashMap<>();
        private final List<Map<String, String>> window = new ArrayList<>();
        private int totalMoves;
        private int windowMoves;
        private boolean inWindow;

        Ownership(List<SkewWorker> all) {
            this.all = all;
            all.forEach(w -> workers.add(w.workerId()));
        }

        void startWindow() {
            inWindow = true;
        }

        void sample(boolean keep) {
            Map<String, String> now = new HashMap<>();
            for (SkewWorker w : all) {
                w.owned().forEach(k -> now.put(k, w.workerId()));
            }
            now.forEach((shard, worker) -> {
                String before = last.put(shard, worker);
                if (before != null && !before.equals(worker)) {
                    totalMoves++;
                    if (inWindow) {
                        windowMoves++;
                    }
                    LOG.info("moved {} from {} to {}", shard, before, worker);
                }
            });
            if (keep || inWindow) {
                window.add(new HashMap<>(last));
            }
        }
    }
}
