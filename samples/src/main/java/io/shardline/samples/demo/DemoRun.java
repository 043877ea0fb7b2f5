package io.shardline.samples.demo;

import io.shardline.samples.common.DurationConverter;
import io.shardline.samples.counting.DynamoDbCountSink;
import io.shardline.samples.demo.DeliveryVerifier.Verification;
import io.shardline.samples.demo.DeliveryVerifier.WorkerJournal;
import io.shardline.samples.producer.ProducedLog;
import io.shardline.samples.producer.ZipfKeys;
import io.shardline.testing.LocalAws;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.kinesis.model.Shard;

/**
 * One run of the demo, phase by phase: set up (emulators, stream), start the JVMs, produce (with the split and the
 * SIGKILL on the way), drain, stop the workers gracefully, verify. The main thread does everything and draws a frame
 * every {@value #FRAME_MILLIS} ms; the children's output threads only update {@link WorkerView}s and the produced
 * count.
 */
final class DemoRun {

    private static final long FRAME_MILLIS = 500;
    private static final double SPLIT_AT = 0.30;
    private static final double KILL_AT = 0.55;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final String PRODUCED_PREFIX = "@produced ";

    private final Demo.Settings settings;
    private final PrintStream out;
    private final String stream;
    private final String application;
    private final ZipfKeys keys;
    private final RunFiles files;
    private final List<WorkerView> workers = new ArrayList<>();
    private final AtomicLong produced = new AtomicLong();
    private LocalAws aws;
    private ChildJvm producer;
    private LiveView view;
    private final ConcurrentLinkedQueue<Runnable> fromChaosThread = new ConcurrentLinkedQueue<>();
    private final ExecutorService chaos = Executors.newSingleThreadExecutor(r -> new Thread(r, "demo-chaos"));
    private volatile List<Shard> shards = List.of();
    private final ShardWatches watches = new ShardWatches();
    private long startNanos;
    private long productionStartNanos;
    private long nextFrameNanos;

    DemoRun(Demo.Settings settings, PrintStream out, String suffix) {
        this.settings = settings;
        this.out = out;
        this.stream = "demo-" + suffix;
        this.application = "demo-counting-" + suffix;
        this.keys = new ZipfKeys(settings.keys(), settings.zipf());
        this.files = new RunFiles(settings.runDir());
    }

    private io.shardline.tools.OperatorServer operatorPage;
    private io.shardline.tools.AwsOptions operatorAws;

    /** @return the exit status: 0 when nothing was lost and every key was in order */
    int run() {
        Thread cleanup = new Thread(this::killChildren, "demo-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            setUp();
            startJvms();
            produce();
            boolean drained = drain();
            stopWorkers();
            Verification verification = DeliveryVerifier.verify(readProduced(), readJournals());
            report(verification, drained);
            out.println(verification.verdictLine());
            out.flush();
            return verification.passed() ? 0 : 1;
        } finally {
            chaos.shutdownNow();
            if (operatorPage != null) {
                operatorPage.close();
                operatorAws.close();
            }
            killChildren();
            if (aws != null) {
                aws.close();
            }
            Runtime.getRuntime().removeShutdownHook(cleanup);
        }
    }

    private void setUp() {
        out.println("Starting Kinesis and DynamoDB emulators on 127.0.0.1 (the first run installs them with npm)...");
        out.flush();
        aws = LocalAws.start();
        if (aws.backend() == LocalAws.Backend.AWS) {
            throw new IllegalStateException("the demo runs on the local emulators or LocalStack, not on real AWS");
        }
        shards = aws.streams().create(stream, settings.shards());
        String page = startOperatorPage();
        String title = String.format(Locale.ROOT, "Shardline demo: stream %s, %d shards, %d workers, %.0f records/s"
                        + " for %s%s%s", stream, settings.shards(), settings.workers(), settings.rate(),
                DurationConverter.format(settings.duration()), settings.chaos() ? ", split + SIGKILL" : ", no chaos",
                page == null ? "" : "  |  operator page " + page);
        out.println("Created stream " + stream + " with " + settings.shards() + " shards. Starting "
                + settings.workers() + " workers and the producer, each in its own JVM...");
        out.flush();
        view = new LiveView(out, settings.ansi(), settings.ansi() ? LiveView.terminalColumns(120) : Integer.MAX_VALUE,
                title);
    }

    /**
     * The live operator page of the demo's application ({@code shardline serve} in-process), on 127.0.0.1:8642 or
     * a free port when that one is taken. A page that cannot start costs the demo nothing but the page.
     */
    private String startOperatorPage() {
        operatorAws = io.shardline.tools.AwsOptions.of(application, stream, aws.region().id(), aws.kinesisEndpoint(),
                aws.dynamoDbEndpoint());
        io.shardline.tools.FleetReader reader = io.shardline.tools.FleetReader.of(operatorAws,
                java.time.Duration.ofSeconds(3));
        for (int port : new int[] {8642, 0}) {
            try {
                operatorPage = io.shardline.tools.OperatorServer.start(reader, java.util.Map::of, "127.0.0.1", port,
                        java.time.Duration.ofSeconds(2));
                out.println("Operator page (live while the demo runs): " + operatorPage.uri());
                out.flush();
                return operatorPage.uri().toString();
            } catch (java.io.IOException | RuntimeException e) {
                if (port == 0) {
                    out.println("The operator page could not start: " + e);
                }
            }
        }
        return null;
    }

    private void startJvms() {
        for (int i = 1; i <= settings.workers(); i++) {
            WorkerView worker = new WorkerView("w" + i);
            worker.started(ChildJvm.start(worker.name(), workerArgs(worker.name()),
                    settings.runDir().resolve(worker.name() + ".log"), worker::onLine));
            workers.add(worker);
        }
        producer = ChildJvm.start("producer", producerArgs(), settings.runDir().resolve("producer.log"), line -> {
            if (line.startsWith(PRODUCED_PREFIX)) {
                produced.set(Long.parseLong(line.substring(PRODUCED_PREFIX.length()).split(" ")[0]));
            }
        });
        startNanos = System.nanoTime();
        nextFrameNanos = startNanos;
        view.event(0, "starting " + settings.workers() + " workers (heartbeat 500 ms, failover 2 s) and the producer");
        awaitWorkers();
        producer.send("start");
        productionStartNanos = System.nanoTime();
        view.event(elapsed(), String.format(Locale.ROOT, "workers running; the producer puts %.0f records/s for %s",
                settings.rate(), DurationConverter.format(settings.duration())));
    }

    /** Until every worker's scheduler runs (its first status line), so the chaos hits a working application. */
    private void awaitWorkers() {
        double deadline = elapsed() + START_TIMEOUT.toSeconds();
        while (!workers.stream().allMatch(w -> w.state() == WorkerView.State.RUNNING)) {
            checkWorkers();
            if (elapsed() > deadline) {
                throw new IllegalStateException("the workers did not start within " + START_TIMEOUT.toSeconds()
                        + " s; see " + settings.runDir() + "/w*.log");
            }
            frame("starting workers");
            awaitNextFrame();
        }
    }

    /**
     * The counting app with demo timings: 500 ms heartbeats and failover after 2 s (the library defaults, 1 s and
     * 3 s, are for real AWS; a loaded 2-core machine still heartbeats well within 2 s), leases re-read every second so
     * a split's children get owners at once, quick polling (the emulator has no read limit), counts exported and
     * checkpointed every 2 s.
     */
    private List<String> workerArgs(String name) {
        List<String> args = new ArrayList<>(List.of("count", "--stream", stream, "--application", application,
                "--initial-position", "TRIM_HORIZON", "--worker-id", name, "--heartbeat", "500ms", "--failover", "2s",
                "--lease-scan", "1s", "--poll-idle", "200ms", "--calls-per-second", "5", "--checkpoint-interval", "2s",
                "--counts-table", countsTable(), "--journal", files.journal(name).toString(), "--status-lines",
                "--report-interval", "0", "--exit-with-parent"));
        args.addAll(endpointArgs());
        return args;
    }

    private List<String> producerArgs() {
        List<String> args = new ArrayList<>(List.of("produce", "--stream", stream,
                "--rate", Double.toString(settings.rate()), "--duration", settings.duration().toMillis() + "ms",
                "--keys", Integer.toString(settings.keys()), "--zipf", Double.toString(settings.zipf()),
                "--aggregate", Integer.toString(settings.aggregate()), "--log", files.producedLog().toString(),
                "--status-lines", "--await-start", "--exit-with-parent"));
        args.addAll(endpointArgs());
        return args;
    }

    private List<String> endpointArgs() {
        List<String> args = new ArrayList<>(List.of("--region", aws.region().id()));
        if (aws.kinesisEndpoint() != null) {
            args.addAll(List.of("--kinesis-endpoint", aws.kinesisEndpoint().toString()));
        }
        if (aws.dynamoDbEndpoint() != null) {
            args.addAll(List.of("--dynamodb-endpoint", aws.dynamoDbEndpoint().toString()));
        }
        return args;
    }

    private void produce() {
        double duration = settings.duration().toMillis() / 1000.0;
        boolean split = !settings.chaos();
        boolean killed = !settings.chaos();
        while (producer.isAlive()) {
            checkWorkers();
            if (!split && producing() >= SPLIT_AT * duration) {
                split = true;
                splitHottestShard();
            }
            if (!killed && producing() >= KILL_AT * duration) {
                killed = killBusiestWorker();
            }
            frame("producing");
            awaitNextFrame();
        }
        producer.awaitExit(Duration.ofSeconds(5));
        if (producer.exitValue() != 0) {
            throw new IllegalStateException("the producer failed with exit status " + producer.exitValue()
                    + "; see " + settings.runDir().resolve("producer.log"));
        }
        view.event(elapsed(), String.format(Locale.ROOT, "producer stopped after %,d records", readProduced().size()));
    }

    /** On the chaos thread (the split waits until the stream is ACTIVE again), so frames go on meanwhile. */
    private void splitHottestShard() {
        Optional<Shard> hottest = Chaos.hottestShard(shards, keys);
        if (hottest.isEmpty()) {
            return;
        }
        Shard parent = hottest.get();
        String name = LiveView.shards(List.of(parent.shardId()));
        double requested = elapsed();
        view.event(requested, String.format(Locale.ROOT, "splitting the hottest shard %s (%.0f %% of the records)",
                name, 100 * Chaos.share(parent, keys)));
        chaos.execute(() -> {
            List<Shard> children = aws.streams().split(stream, parent.shardId());
            shards = aws.streams().listShards(stream);
            double at = elapsed();
            List<String> childIds = children.stream().map(Shard::shardId).toList();
            fromChaosThread.add(() -> {
                view.event(at, "split " + name + " into " + LiveView.shards(childIds) + "; they start once " + name
                        + " is processed to its end");
                watches.add(childIds, requested, "children " + LiveView.shards(childIds) + " processed", "split request");
            });
        });
    }

    /** Kills the worker with the most shards; false (try again next frame) while no worker holds a shard. */
    private boolean killBusiestWorker() {
        Optional<WorkerView> busiest = Chaos.busiestWorker(workers).filter(w -> !w.status().shards().isEmpty());
        busiest.ifPresent(w -> {
            List<String> held = w.status().shards();
            w.jvm().kill();
            w.killed(elapsed());
            view.event(elapsed(), "SIGKILL " + w.name() + " (pid " + w.jvm().pid() + "), which processed "
                    + LiveView.shards(held) + ": no handoff, no final checkpoint");
            watches.add(held, elapsed(), LiveView.shards(held) + " taken over", "SIGKILL");
        });
        return busiest.isPresent();
    }

    private boolean drain() {
        double started = elapsed();
        double deadline = started + settings.drainTimeout().toMillis() / 1000.0;
        while (true) {
            checkWorkers();
            long left = DeliveryVerifier.unprocessed(readProduced(), readJournals());
            if (left == 0) {
                view.event(elapsed(), String.format(Locale.ROOT, "every record processed %.1f s after the producer"
                        + " stopped", elapsed() - started));
                return true;
            }
            if (elapsed() > deadline) {
                view.event(elapsed(), left + " records still unprocessed after " + settings.drainTimeout());
                return false;
            }
            frame("draining: " + left + " records left");
            awaitNextFrame();
        }
    }

    private void stopWorkers() {
        double started = elapsed();
        List<WorkerView> live = workers.stream().filter(WorkerView::alive).toList();
        live.forEach(w -> {
            w.stopping();
            w.jvm().terminate();
        });
        frame("stopping workers (SIGTERM)");
        for (WorkerView w : live) {
            if (!w.jvm().awaitExit(STOP_TIMEOUT)) {
                w.jvm().kill();
            }
            w.stopped();
        }
        view.event(elapsed(), String.format(Locale.ROOT, "workers shut down gracefully in %.1f s (each handed its"
                + " shards over after a final checkpoint)", elapsed() - started));
    }

    private void report(Verification v, boolean drained) {
        runChaosEvents();
        view.finish(frameOf("done"));
        out.println();
        Map<String, Long> perKey = readProduced().stream()
                .collect(Collectors.groupingBy(ProducedLog.Line::key, Collectors.counting()));
        long top = perKey.getOrDefault(ZipfKeys.name(1), 0L);
        out.printf(Locale.ROOT, "Producer: %,d records under %d keys (Zipf %.1f: %s got %.0f %%)%s.%n", v.produced(),
                perKey.size(), settings.zipf(), ZipfKeys.name(1), 100.0 * top / Math.max(1, v.produced()),
                settings.aggregate() > 1 ? ", KPL-aggregated up to " + settings.aggregate() + " per record" : "");
        out.printf(Locale.ROOT, "Workers: %s; %,d deliveries of %,d distinct records%s.%n", workers.stream()
                        .map(w -> String.format(Locale.ROOT, "%s processed %,d%s", w.name(),
                                v.deliveriesByWorker().getOrDefault(w.name(), 0L),
                                w.killedAt() >= 0 ? String.format(Locale.ROOT, " (SIGKILLed at %.1f s)", w.killedAt()) : ""))
                        .collect(Collectors.joining(", ")), v.deliveries(), v.processed(),
                v.duplicates() == 0 ? "" : String.format(Locale.ROOT, "; %,d processed twice: what the killed worker"
                        + " did after its last checkpoint (at least once)", v.duplicates()));
        out.printf(Locale.ROOT, "Counts table %s: %,d counted in all (exported before each checkpoint: never less than"
                + " produced).%n", countsTable(), countedInTable());
        if (!drained || v.strays() > 0) {
            out.printf(Locale.ROOT, "Not drained: %s; records processed that the producer never acknowledged: %d.%n",
                    !drained, v.strays());
        }
        out.println("Journals, the producer's log and every log: " + settings.runDir());
    }

    private long countedInTable() {
        try {
            return aws.dynamoDb().scanPaginator(b -> b.tableName(countsTable())).items().stream()
                    .mapToLong(item -> Long.parseLong(item.get(DynamoDbCountSink.COUNT).n())).sum();
        } catch (RuntimeException e) {
            return -1;
        }
    }

    private void frame(String phase) {
        runChaosEvents();
        view.render(frameOf(phase));
    }

    private void runChaosEvents() {
        for (Runnable r = fromChaosThread.poll(); r != null; r = fromChaosThread.poll()) {
            r.run();
        }
        watches.check(workers, elapsed(), view);
    }

    private LiveView.Frame frameOf(String phase) {
        long now = System.nanoTime();
        List<LiveView.Row> rows = workers.stream().map(w -> new LiveView.Row(w.name(), w.jvm().pid(),
                w.state().name(), w.alive() ? w.status().shards() : List.of(), w.rate(now), w.status().lagMs(),
                w.status().processed())).toList();
        int open = (int) shards.stream().filter(s -> s.sequenceNumberRange().endingSequenceNumber() == null).count();
        return new LiveView.Frame(elapsed(), phase, produced.get(), open, rows);
    }

    /** Paces the main loop: waits for the next frame's deadline (a UI refresh, not a wait for a condition). */
    private void awaitNextFrame() {
        nextFrameNanos += TimeUnit.MILLISECONDS.toNanos(FRAME_MILLIS);
        long wait = nextFrameNanos - System.nanoTime();
        if (wait <= 0) {
            nextFrameNanos = System.nanoTime();
            return;
        }
        try {
            TimeUnit.NANOSECONDS.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** A worker that ended on its own failed (bad arguments, no emulator): stop the demo and point at its log. */
    private void checkWorkers() {
        for (WorkerView w : workers) {
            if (w.state() == WorkerView.State.EXITED) {
                throw new IllegalStateException("worker " + w.name() + " exited with status " + w.jvm().exitValue()
                        + "; see " + settings.runDir().resolve(w.name() + ".log"));
            }
        }
    }

    /** Seconds since the producer was told to start (0 before). */
    private double producing() {
        long start = productionStartNanos;
        return start == 0 ? 0 : (System.nanoTime() - start) / 1e9;
    }

    private double elapsed() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private void killChildren() {
        workers.stream().map(WorkerView::jvm).filter(j -> j != null && j.isAlive()).forEach(ChildJvm::kill);
        if (producer != null && producer.isAlive()) {
            producer.kill();
        }
    }

    private String countsTable() {
        return application + "-counts";
    }

    private List<ProducedLog.Line> readProduced() {
        return files.produced();
    }

    private List<WorkerJournal> readJournals() {
        return files.journals(workers.stream().map(WorkerView::name).toList());
    }
}
