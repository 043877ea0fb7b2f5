package io.shardline.testing.sim;

import io.github.resilience4j.core.IntervalFunction;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shardline.kcl.ConsumerConfig;
import io.shardline.kcl.StartingPosition;
import io.shardline.kcl.internal.consumer.ConsumerContext;
import io.shardline.kcl.internal.retrieval.DefaultRecordFetcherFactory;
import io.shardline.kcl.internal.retrieval.FetchEnvironment;
import io.shardline.kcl.internal.scheduler.DefaultScheduler;
import io.shardline.kcl.internal.scheduler.SchedulerComponents;
import io.shardline.kcl.internal.scheduler.WorkerRuntime;
import io.shardline.kcl.retrieval.RetrievalConfig;
import io.shardline.lease.CoordinationStore;
import io.shardline.lease.HashKeyRange;
import io.shardline.lease.Lease;
import io.shardline.lease.LeaseCoordinatorConfig;
import io.shardline.lease.LeaseStore;
import io.shardline.lease.LeaseStoreException;
import io.shardline.lease.Time;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;

/**
 * A whole-worker deterministic simulation (FoundationDB's simulation, TigerBeetle's VOPR): W complete Shardline
 * workers (the real {@code DefaultScheduler}: lease coordinator, shard sync, shard consumers, fetchers, processors) on
 * one thread and one virtual clock ({@link VirtualScheduler}), against an in-memory Kinesis ({@link SimKinesis}) and
 * the in-memory lease and coordination tables, with faults drawn from the seed, and the {@link Oracle}'s invariants
 * checked as the workers act. One seed always replays the same run.
 *
 * <p>{@code Simulation.run(seed)} returns a {@link SimulationResult} or throws {@link SimulationFailure} whose
 * message names the broken invariant, the line that replays it and the trace of the steps that led there. See
 * docs/testing.md for the faults, the invariants and the bounds.
 */
public final class Simulation {

    static final String APP = "sim";
    private static final Instant WALL_BASE = Instant.parse("2026-12-06T00:00:00Z");
    private static final long START_NANOS = 1_000_000_000_000L;
    private static final long SECOND = 1_000_000_000L;
    private static final int TRACE_LINES = 300;
    /** {@code -Dshardline.sim.debug=true}: every store call in the trace. */
    private static final boolean DEBUG = Boolean.getBoolean("shardline.sim.debug");

    /** Coordinator timings of every simulated worker. */
    static final Duration HEARTBEAT = Duration.ofMillis(500);
    static final Duration FAILOVER = Duration.ofSeconds(3);
    static final Duration HANDOFF = Duration.ofSeconds(4);

    private final long seed;
    private final SimulationConfig config;
    private final VirtualScheduler scheduler;
    private final Random random;
    private final Thread thread = Thread.currentThread();
    private final SimKinesis kinesis;
    private final LeaseStore.InMemory rawLeases = LeaseStore.inMemory(APP);
    private final CoordinationStore.InMemory rawCoordination = CoordinationStore.inMemory(APP + "-coordination");
    private final LeaseStore observedLeases;
    private final Oracle oracle;
    private final VirtualExecutor world;
    private final Map<String, Worker> workers = new LinkedHashMap<>();
    private final Deque<String> trace = new ArrayDeque<>();
    private final List<String> faultLog = new ArrayList<>();
    private final Map<String, Integer> perKey = new HashMap<>();
    private final Faults faults = new Faults();
    private long traceDigest = 1125899906842597L;
    private int workerNumber;
    private int shardNumber;
    private long produced;
    private long produceUntil;
    private long lastFaultEnd;
    private boolean drained;
    private SimulationFailure failure;
    private long losses;

    private Simulation(long seed, SimulationConfig config) {
        this.seed = seed;
        this.config = config;
        this.scheduler = new VirtualScheduler(seed, START_NANOS);
        this.random = new Random(seed * 0x9E3779B97F4A7C15L + 7);
        this.kinesis = new SimKinesis(scheduler::now);
        this.oracle = new Oracle(this, kinesis, rawLeases);
        this.observedLeases = new ObservedLeaseStore(rawLeases, oracle);
        this.world = scheduler.executor("world", "world");
    }

    /** Runs {@code seed} with the default shape. */
    public static SimulationResult run(long seed) {
        return run(seed, SimulationConfig.defaults());
    }

    /** Runs {@code seed}; throws {@link SimulationFailure} when an invariant breaks. */
    public static SimulationResult run(long seed, SimulationConfig config) {
        return new Simulation(seed, config).execute();
    }

    /** The line that replays {@code seed} from the build. */
    public static String replayLine(long seed) {
        return "mvn -B -o -pl testing -am test -Dtest=SimulationTest -Dsurefire.failIfNoSpecifiedTests=false "
                + "-Dshardline.sim.seed=" + seed;
    }

    // ----- the run -----

    private SimulationResult execute() {
        kinesis.time(wallNow());
        installKinesisFaults();
        createInitialShards();
        produceUntil = START_NANOS + config.faultPhase().toNanos();
        lastFaultEnd = produceUntil;
        for (int i = 0; i < config.initialWorkers(); i++) {
            long at = i * (SECOND + random.nextInt(1000) * 1_000_000L);
            world.schedule(this::join, at, TimeUnit.NANOSECONDS);
        }
        world.scheduleAtFixedRate(this::produce, 100_000_000L, 100_000_000L, TimeUnit.NANOSECONDS);
        planFaults();
        world.scheduleAtFixedRate(this::checkDrained, config.faultPhase().toNanos(), SECOND, TimeUnit.NANOSECONDS);
        long hardEnd = START_NANOS + config.faultPhase().toNanos() + 4 * config.drainBound().toNanos()
                + 600 * SECOND;
        while (!drained) {
            boolean ran = scheduler.runNext(hardEnd);
            if (failure != null) {
                throw failure;
            }
            if (!scheduler.uncaught().isEmpty()) {
                Throwable t = scheduler.uncaught().get(0);
                fail("no uncaught exception", "a task threw " + t + " at " + stackTop(t));
            }
            if (!ran) {
                fail("liveness", "the simulation ran out of time before draining");
            }
        }
        stopAll();
        return new SimulationResult(seed, scheduler.now() - START_NANOS, scheduler.tasksRun(), produced,
                oracle.delivered(), oracle.duplicates(), oracle.runs(), oracle.overlaps(), faultLog, traceDigest);
    }

    private static String stackTop(Throwable t) {
        StackTraceElement[] stack = t.getStackTrace();
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < Math.min(8, stack.length); i++) {
            b.append("\n    at ").append(stack[i]);
        }
        return b.toString();
    }

    private void createInitialShards() {
        BigInteger max = SimKinesis.FULL_RANGE.endingHashKey();
        int n = config.initialShards();
        BigInteger width = max.add(BigInteger.ONE).divide(BigInteger.valueOf(n));
        for (int i = 0; i < n; i++) {
            BigInteger start = width.multiply(BigInteger.valueOf(i));
            BigInteger end = i == n - 1 ? max : start.add(width).subtract(BigInteger.ONE);
            kinesis.shard(nextShardId()).lineage(List.of(), new HashKeyRange(start, end));
        }
    }

    private String nextShardId() {
        return String.format("shardId-%012d", shardNumber++);
    }

    private void produce() {
        if (scheduler.now() >= produceUntil) {
            return;
        }
        int count = config.recordsPerSecond() / 10 + (random.nextInt(10) < config.recordsPerSecond() % 10 ? 1 : 0);
        for (int i = 0; i < count; i++) {
            String key = "k" + random.nextInt(config.keys());
            int n = perKey.merge(key, 1, Integer::sum);
            kinesis.putRouted(key, (key + "#" + n).getBytes(StandardCharsets.UTF_8), wallNow());
            produced++;
        }
    }

    /** Once the fault phase is over: done when every record was delivered and every lease is held by a live worker. */
    private void checkDrained() {
        if (scheduler.now() < lastFaultEnd) {
            return;
        }
        List<String> missing = oracle.undelivered();
        List<String> orphans = orphanLeases();
        if (missing.isEmpty() && orphans.isEmpty()) {
            drained = true;
            trace("drained: every record delivered, every unfinished lease owned by a live worker");
            return;
        }
        if (scheduler.now() - lastFaultEnd > config.drainBound().toNanos()) {
            fail(missing.isEmpty() ? "leases owned after the last fault" : "no record lost",
                    config.drainBound().toSeconds() + " s after the last fault: " + missing.size()
                            + " records never delivered " + missing.subList(0, Math.min(5, missing.size()))
                            + "; leases not owned by a live worker: " + orphans);
        }
    }

    private List<String> orphanLeases() {
        List<String> orphans = new ArrayList<>();
        for (Lease lease : rawLeases.list()) {
            boolean finished = lease.checkpoint() != null && lease.checkpoint().isShardEnd();
            Worker owner = lease.owner() == null ? null : workers.get(lease.owner());
            if (!finished && (owner == null || !owner.live())) {
                orphans.add(lease.leaseKey() + "@" + lease.owner());
            }
        }
        return orphans;
    }

    private void stopAll() {
        for (Worker w : workers.values()) {
            w.crash(); // drops the tasks: the run is over
        }
    }

    // ----- workers -----

    /** One simulated worker process. */
    final class Worker {
        final String id;
        final List<VirtualExecutor> executors = new ArrayList<>();
        DefaultScheduler scheduler;
        long wallOffsetNanos;
        String state = "running";

        Worker(String id) {
            this.id = id;
        }

        VirtualExecutor executor(String name) {
            VirtualExecutor e = Simulation.this.scheduler.executor(id, name);
            executors.add(e);
            return e;
        }

        boolean live() {
            return state.equals("running");
        }

        void crash() {
            executors.forEach(VirtualExecutor::shutdownNow);
            Simulation.this.scheduler.resume(id);
        }
    }

    private void join() {
        if (liveWorkers() >= config.maxWorkers()) {
            trace("join skipped: " + liveWorkers() + " workers live");
            return;
        }
        String id = "w" + (++workerNumber);
        Worker w = new Worker(id);
        workers.put(id, w);
        Time time = Time.of(scheduler::now, () -> WALL_BASE.plusNanos(scheduler.now() - START_NANOS
                + w.wallOffsetNanos));
        WorkerRuntime runtime = WorkerRuntime.virtual(time, w::executor);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        RetrievalConfig retrieval = RetrievalConfig.polling().build();
        FetchEnvironment env = new FetchEnvironment(kinesis, new SimFetchScheduler(w.executor("shardline-fetch"),
                scheduler), retrieval, IntervalFunction.ofExponentialBackoff(Duration.ofMillis(200), 2.0,
                Duration.ofSeconds(5)), registry);
        SchedulerComponents components = new SchedulerComponents(FaultyStores.leases(observedLeases, id, faults),
                FaultyStores.coordination(rawCoordination, id, faults),
                new DefaultRecordFetcherFactory(env, APP, null), kinesis);
        ConsumerConfig consumerConfig = ConsumerConfig.builder()
                .applicationName(APP)
                .streamName(SimKinesis.STREAM)
                .kinesisClient(STUB_KINESIS)
                .dynamoDbClient(STUB_DYNAMODB)
                .initialPosition(StartingPosition.trimHorizon())
                .retrievalConfig(retrieval)
                .meterRegistry(registry)
                .processorFactory(new io.shardline.kcl.ShardRecordProcessorFactory() {
                    @Override
                    public io.shardline.kcl.ShardRecordProcessor create(String shardId) {
                        throw new UnsupportedOperationException("created with a ShardContext");
                    }

                    @Override
                    public io.shardline.kcl.ShardRecordProcessor create(io.shardline.kcl.ShardContext context) {
                        return new SimProcessor(Simulation.this, oracle, oracle.newRun(id, context.shardId()),
                                config.application().map(f -> f.create(context)).orElse(null));
                    }
                })
                .leaseCoordinatorConfig(LeaseCoordinatorConfig.builder().workerId(id)
                        .heartbeatInterval(HEARTBEAT).failoverTimeout(FAILOVER).handoffTimeout(HANDOFF)
                        .leaseScanInterval(Duration.ofSeconds(5)).leaseSyncInterval(Duration.ofSeconds(5)).build())
                .shardSyncInterval(Duration.ofSeconds(10))
                .processingThreads(2)
                .workerStateListener(event -> {
                    if (!(event instanceof io.shardline.kcl.WorkerEvent.Started)) {
                        trace("event " + event);
                    }
                })
                .build();
        w.scheduler = new DefaultScheduler(consumerConfig, components,
                ConsumerContext.Timings.defaults(Duration.ofSeconds(1)), runtime);
        trace("JOIN " + id);
        w.scheduler.start();
    }

    private int liveWorkers() {
        return (int) workers.values().stream().filter(Worker::live).count();
    }

    private Worker pickLive() {
        List<Worker> live = workers.values().stream().filter(Worker::live).toList();
        return live.isEmpty() ? null : live.get(random.nextInt(live.size()));
    }

    // ----- faults -----

    private void planFaults() {
        int count = config.maxFaults() == 0 ? 0 : random.nextInt(config.maxFaults() + 1);
        long phase = config.faultPhase().toNanos();
        for (int i = 0; i < count; i++) {
            long at = 2 * SECOND + (long) (random.nextDouble() * (phase - 4 * SECOND));
            FaultKind kind = FaultKind.values()[random.nextInt(FaultKind.values().length)];
            if (config.faultKinds().contains(kind)) {
                world.schedule(() -> inject(kind), at, TimeUnit.NANOSECONDS);
            }
        }
    }

    private void inject(FaultKind kind) {
        long now = scheduler.now();
        switch (kind) {
            case STORE_ERRORS, STORE_LATENCY, LOST_RESPONSES -> {
                Worker w = random.nextBoolean() ? pickLive() : null; // null: every worker
                String who = w == null ? "*" : w.id;
                long until = now + (long) ((0.5 + random.nextDouble() * 7.5) * SECOND);
                double p = 0.2 + random.nextDouble() * 0.8;
                faults.windows.add(new Window(kind, who, until, p));
                fault(kind + " for " + who + " for " + ms(until - now) + " p=" + String.format("%.2f", p), until);
            }
            case THROTTLING, PROCESSOR_THROWS, PROCESSOR_HANGS -> {
                long until = now + (long) ((1 + random.nextDouble() * 9) * SECOND);
                double p = 0.1 + random.nextDouble() * 0.5;
                faults.windows.add(new Window(kind, "*", until, p));
                fault(kind + " for " + ms(until - now) + " p=" + String.format("%.2f", p), until);
            }
            case PAUSE -> {
                Worker w = pickLive();
                if (w == null) {
                    return;
                }
                long pause = (long) (FAILOVER.toNanos() * (0.3 + random.nextDouble() * 2.7));
                w.state = "paused";
                scheduler.pause(w.id);
                fault("PAUSE " + w.id + " for " + ms(pause), now + pause);
                world.schedule(() -> {
                    if (w.state.equals("paused")) {
                        w.state = "running";
                        scheduler.resume(w.id);
                        trace("RESUME " + w.id);
                    }
                }, pause, TimeUnit.NANOSECONDS);
            }
            case CRASH_RESTART -> {
                Worker w = pickLive();
                if (w == null) {
                    return;
                }
                long restart = (long) ((0.5 + random.nextDouble() * 8) * SECOND);
                w.state = "crashed";
                w.crash();
                fault("CRASH " + w.id + ", a new worker in " + ms(restart), now + restart);
                world.schedule(this::join, restart, TimeUnit.NANOSECONDS);
            }
            case GRACEFUL_SHUTDOWN -> {
                Worker w = pickLive();
                if (w == null || liveWorkers() < 2) {
                    return;
                }
                w.state = "stopping";
                fault("SHUTDOWN " + w.id, now + HANDOFF.toNanos() * 2);
                w.scheduler.shutdown().whenComplete((ignored, e) -> {
                    w.state = "stopped";
                    trace("STOPPED " + w.id + (e == null ? "" : " with " + e));
                });
            }
            case JOIN -> {
                fault("JOIN", now);
                join();
            }
            case SPLIT -> {
                List<SimKinesis.FakeShard> open = openShards();
                if (open.size() >= 6) {
                    return;
                }
                SimKinesis.FakeShard parent = open.get(random.nextInt(open.size()));
                kinesis.time(wallNow());
                String low = nextShardId();
                String high = nextShardId();
                kinesis.split(parent.shardId(), low, high);
                fault("SPLIT " + parent.shardId() + " -> " + low + ", " + high, now);
            }
            case MERGE -> {
                List<SimKinesis.FakeShard> open = openShards();
                List<int[]> pairs = new ArrayList<>();
                for (int i = 0; i + 1 < open.size(); i++) {
                    if (open.get(i).range().endingHashKey().add(BigInteger.ONE)
                            .equals(open.get(i + 1).range().startingHashKey())) {
                        pairs.add(new int[] {i, i + 1});
                    }
                }
                if (pairs.isEmpty()) {
                    return;
                }
                int[] pair = pairs.get(random.nextInt(pairs.size()));
                kinesis.time(wallNow());
                String child = nextShardId();
                kinesis.merge(open.get(pair[0]).shardId(), open.get(pair[1]).shardId(), child);
                fault("MERGE " + open.get(pair[0]).shardId() + " + " + open.get(pair[1]).shardId() + " -> "
                        + child, now);
            }
            case WALL_CLOCK_JUMP -> {
                Worker w = pickLive();
                if (w == null) {
                    return;
                }
                long jump = (random.nextBoolean() ? 1 : -1) * 3600 * SECOND;
                w.wallOffsetNanos += jump;
                fault("WALL_CLOCK_JUMP " + w.id + " " + (jump > 0 ? "+1h" : "-1h"), now);
            }
            case ITERATORS_EXPIRE -> {
                kinesis.expireIssuedIterators();
                fault("ITERATORS_EXPIRE", now);
            }
        }
    }

    private List<SimKinesis.FakeShard> openShards() {
        List<SimKinesis.FakeShard> open = new ArrayList<>(kinesis.shards().stream().filter(s -> !s.isClosed())
                .toList());
        open.sort(Comparator.comparing(s -> s.range().startingHashKey()));
        return open;
    }

    private void fault(String what, long endsAt) {
        faultLog.add(ms(scheduler.now() - START_NANOS) + " " + what);
        trace("FAULT " + what);
        lastFaultEnd = Math.max(lastFaultEnd, endsAt);
    }

    /** A fault that lasts: {@code kind} hits {@code worker} ({@code "*"}: everyone) with probability p until then. */
    private record Window(FaultKind kind, String worker, long until, double p) {
    }

    /** The store and Kinesis faults of the open windows, drawn on the simulation's thread only. */
    private final class Faults implements StoreFaults {
        final List<Window> windows = new ArrayList<>();

        Window active(FaultKind kind, String worker) {
            long now = scheduler.now();
            for (Window w : windows) {
                if (w.kind() == kind && now < w.until() && (w.worker().equals("*") || w.worker().equals(worker))) {
                    return w;
                }
            }
            return null;
        }

        boolean hits(FaultKind kind, String worker) {
            if (Thread.currentThread() != thread) {
                return false; // the lease creator's short-lived threads: no draw, so the seed's draws stay in order
            }
            Window w = active(kind, worker);
            return w != null && random.nextDouble() < w.p();
        }

        @Override
        public void beforeCall(String worker, String operation) {
            if (DEBUG && Thread.currentThread() == thread) {
                trace(worker + " calls " + operation + " on " + scheduler.current());
            }
            if (hits(FaultKind.STORE_LATENCY, worker)) {
                long delay = (long) (random.nextDouble() * random.nextDouble() * 4 * SECOND);
                trace(worker + " store " + operation + " takes " + ms(delay));
                block(delay);
            }
            if (hits(FaultKind.STORE_ERRORS, worker)) {
                throw new LeaseStoreException("simulated store outage on " + operation, APP, null, true, null);
            }
        }

        @Override
        public boolean loseResponse(String worker, String operation) {
            boolean lose = hits(FaultKind.LOST_RESPONSES, worker);
            if (lose) {
                trace(worker + " store " + operation + ": response lost");
            }
            return lose;
        }
    }

    /** Kinesis faults: throttling windows on top of the per-shard rate limit. */
    private void installKinesisFaults() {
        kinesis.faults((operation, shardId) -> operation == SimKinesis.Operation.GET_RECORDS
                && faults.hits(FaultKind.THROTTLING, "*") ? SimKinesis.throttled() : null);
    }

    // ----- for the processor and the oracle -----

    long now() {
        return scheduler.now();
    }

    Instant wallNow() {
        return WALL_BASE.plusNanos(scheduler.now() - START_NANOS);
    }

    boolean onSimulationThread() {
        return Thread.currentThread() == thread;
    }

    String current() {
        return Thread.currentThread() == thread ? scheduler.current() : Thread.currentThread().getName();
    }

    void block(long nanos) {
        scheduler.block(nanos);
    }

    /** The index in a batch of {@code size} at which the processor throws, or -1. */
    int processorThrowIndex(int size) {
        return faults.hits(FaultKind.PROCESSOR_THROWS, "*") ? random.nextInt(size) : -1;
    }

    /** How long the processor hangs in this call (0: not at all); under half the handoff timeout. */
    long processorHangNanos() {
        return faults.hits(FaultKind.PROCESSOR_HANGS, "*")
                ? (long) ((0.05 + random.nextDouble() * 0.45) * HANDOFF.toNanos()) : 0;
    }

    boolean checkpointNow() {
        return random.nextBoolean();
    }

    boolean loseThisRecord() {
        return config.loseEveryNth() > 0 && ++losses % config.loseEveryNth() == 0;
    }

    synchronized void trace(String line) {
        String stamped = ms(scheduler.now() - START_NANOS) + " " + line;
        traceDigest = traceDigest * 31 + stamped.hashCode();
        trace.addLast(stamped);
        if (trace.size() > TRACE_LINES) {
            trace.removeFirst();
        }
    }

    void fail(String invariant, String detail) {
        if (failure != null) {
            throw failure;
        }
        StringBuilder b = new StringBuilder();
        b.append("seed ").append(seed).append(" broke invariant '").append(invariant).append("': ").append(detail)
                .append("\nreplay: ").append(replayLine(seed))
                .append("\nfaults: ").append(faultLog)
                .append("\nlast ").append(trace.size()).append(" steps:");
        trace.forEach(line -> b.append("\n  ").append(line));
        failure = new SimulationFailure(seed, b.toString());
        throw failure;
    }

    private static String ms(long nanos) {
        long millis = nanos / 1_000_000;
        String frac = Long.toString(Math.abs(millis % 1000));
        return (millis < 0 && millis > -1000 ? "-" : "") + millis / 1000 + "." + "000".substring(frac.length()) + frac
                + "s";
    }

    private static final KinesisAsyncClient STUB_KINESIS = new KinesisAsyncClient() {
        @Override
        public String serviceName() {
            return "kinesis";
        }

        @Override
        public void close() {
        }
    };

    private static final DynamoDbAsyncClient STUB_DYNAMODB = new DynamoDbAsyncClient() {
        @Override
        public String serviceName() {
            return "dynamodb";
        }

        @Override
        public void close() {
        }
    };
}
