package io.shardline.testing.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.shardline.testing.LocalAws;
import io.shardline.testing.TestNames;
import io.shardline.testing.WithLocalAws;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.assertj.core.api.SoftAssertions;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesis.model.Shard;

/**
 * The chaos suite: 3 worker JVMs ({@link io.shardline.testing.consumer.WorkerMain}, the consumer suites' 250 ms
 * heartbeats and 1.5 s failover) share an 8-shard stream while a producer writes 500 partition keys throughout. Each
 * cycle kills the busiest worker with SIGKILL and restarts it, splits the widest shard, freezes another worker with
 * SIGSTOP in the middle of a batch until its leases were taken over and its records processed elsewhere, then resumes
 * it (a zombie), and merges the narrowest adjacent pair of shards. Between steps it waits until the producer put
 * another second's worth of records and every record was delivered. At the end it prints one {@code CHAOS ...} line
 * and asserts: nothing lost, every key's first deliveries in put order (across parents and children), every
 * checkpoint the zombie attempted after resuming rejected (seen in the zombie's own journal, at least one), and
 * duplicates only where a crash explains them ({@link DeliveryAnalysis}). One cycle by default (CI); repeated for
 * {@code -Dshardline.chaos.duration=PT10M} ({@link ChaosSettings}). Journals and worker logs stay in
 * {@code target/chaos/<stream>}.
 */
@WithLocalAws
class ChaosIT {

    private static final int SHARDS = 8;
    private static final int KEYS = 500;
    private static final List<String> WORKERS = List.of("w1", "w2", "w3");
    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(90);
    private static final int FREEZE_ATTEMPTS = 40;

    private final LocalAws aws;
    private final ChaosSettings settings = ChaosSettings.fromEnvironment();
    private final Coverage coverage = new Coverage();
    private ChaosFleet fleet;
    private ChaosProducer producer;
    private LeaseView leases;
    private String stream;
    private Path dir;
    private int kills;
    private int zombies;
    private int splits;
    private int merges;

    ChaosIT(LocalAws aws) {
        this.aws = aws;
    }

    @Test
    void workersSurviveKillsZombiesAndReshardingWithoutLosingOrReorderingRecords(TestNames names) throws Exception {
        assumeTrue(aws.kinesisEndpoint() != null, "needs local emulators (the worker JVMs get their endpoints)");
        long started = System.nanoTime();
        stream = names.stream();
        String app = names.application();
        dir = Files.createDirectories(Path.of("target", "chaos", stream).toAbsolutePath());
        System.out.println("CHAOS-RUN mode=" + settings.mode() + " rate=" + settings.recordsPerSecond()
                + "/s journals=" + dir);
        Set<String> initialShards = aws.streams().create(stream, SHARDS).stream().map(Shard::shardId)
                .collect(Collectors.toSet());
        leases = new LeaseView(aws, app);
        try (ChaosFleet workers = new ChaosFleet(aws, stream, app, dir);
                ChaosProducer writes = new ChaosProducer(aws.streams(), stream, KEYS, settings.recordsPerSecond())) {
            fleet = workers;
            producer = writes;
            producer.start();
            WORKERS.forEach(fleet::start);
            until("every shard owned, every worker owning one", () -> everyWorkerOwnsALease(WORKERS.size()));
            long cyclesStarted = System.nanoTime();
            int cycles = 0;
            while (settings.anotherCycle(cycles, Duration.ofNanos(System.nanoTime() - cyclesStarted))) {
                cycles++;
                cycle(cycles);
            }
            int produced = producer.stop();
            until("all " + produced + " records delivered", () -> coverage.covers(produced));
            fleet.close();
            ChaosVerdict verdict = DeliveryAnalysis.analyze(produced, KEYS, initialShards,
                    fleet.all().stream().map(WorkerIncarnation::toRun).toList());
            System.out.println(verdict.summary() + " mode=" + settings.mode() + " cycles=" + cycles + " kills="
                    + kills + " zombies=" + zombies + " splits=" + splits + " merges=" + merges
                    + " producer_failed_calls=" + producer.failedCalls() + " wall_s="
                    + TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
            judge(verdict);
        }
    }

    /** One round of chaos: kill and restart, split, zombie, merge; each followed by a settle. */
    private void cycle(int n) {
        String restarted = killAndRestart(n);
        split(n);
        zombie(n, restarted);
        merge(n);
    }

    private String killAndRestart(int n) {
        WorkerIncarnation victim = busiest(null);
        Set<String> held = leases.ownedBy(victim.workerId());
        long t0 = System.nanoTime();
        fleet.kill(victim);
        kills++;
        until("the leases of killed " + victim + " taken over", () -> takenOver(victim, held));
        long failover = millisSince(t0);
        int mark = producer.put();
        until("records up to " + mark + " delivered after the kill", () -> coverage.covers(mark));
        long caughtUp = millisSince(t0);
        WorkerIncarnation restarted = fleet.start(victim.workerId());
        until("restarted " + restarted + " owns a lease", () -> everyWorkerOwnsALease(WORKERS.size()));
        event(n, "kill", victim + " leases=" + held.size() + " failover_ms=" + failover + " caught_up_ms=" + caughtUp
                + " restarted_and_rebalanced_ms=" + millisSince(t0));
        settle();
        return victim.workerId();
    }

    private void split(int n) {
        Shard parent = Resharding.widest(aws.streams().listShards(stream));
        long t0 = System.nanoTime();
        List<Shard> children = aws.streams().split(stream, parent.shardId());
        splits++;
        settle();
        event(n, "split", parent.shardId() + " -> " + children.stream().map(Shard::shardId).toList()
                + " settled_ms=" + millisSince(t0));
    }

    private void merge(int n) {
        List<Shard> pair = Resharding.narrowestAdjacentPair(aws.streams().listShards(stream))
                .orElseThrow(() -> new IllegalStateException("no two adjacent open shards in " + stream));
        long t0 = System.nanoTime();
        Shard child = aws.streams().merge(stream, pair.get(0).shardId(), pair.get(1).shardId());
        merges++;
        settle();
        event(n, "merge", pair.get(0).shardId() + " + " + pair.get(1).shardId() + " -> " + child.shardId()
                + " settled_ms=" + millisSince(t0));
    }

    /**
     * Freezes a worker (not {@code notThisOne}, just restarted) while one of its processors is between taking a batch
     * and checkpointing it, keeps it frozen until its leases were taken over and every record put so far was
     * delivered, resumes it, and waits until it journaled the outcome of that checkpoint.
     */
    private void zombie(int n, String notThisOne) {
        WorkerIncarnation zombie = busiest(notThisOne);
        int attempts = 0;
        do {
            if (attempts > 0) {
                fleet.thaw(zombie); // frozen between two batches: a quick resume, well inside the failover timeout
            }
            if (++attempts > FREEZE_ATTEMPTS) {
                throw new AssertionError("SIGSTOP never caught " + zombie + " inside a batch in " + FREEZE_ATTEMPTS
                        + " attempts; " + state());
            }
            until(zombie + " inside a batch", () -> !zombie.sessionsInsideABatch().isEmpty());
            fleet.freeze(zombie);
            observe();
            // Frozen by now; accepted only if a processor's P is recent enough that it had not reached its checkpoint
            // call yet (a write in flight may land before the freeze, and then it is not the zombie's to reject).
        } while (!zombie.insideABatchAt(nowMicros(), (ChaosFleet.WORK_PER_BATCH_MILLIS - 60) * 1000));
        zombie.markZombie();
        zombies++;
        long t0 = System.nanoTime();
        Set<String> held = leases.ownedBy(zombie.workerId());
        until("the leases of frozen " + zombie + " taken over", () -> takenOver(zombie, held));
        long failover = millisSince(t0);
        int mark = producer.put();
        until("records up to " + mark + " delivered while " + zombie + " is frozen", () -> coverage.covers(mark));
        long frozenFor = millisSince(t0);
        fleet.thaw(zombie);
        until("resumed " + zombie + " journals its checkpoint attempts", () -> zombie.zombieLines().stream()
                .anyMatch(e -> e.kind() == 'C'));
        event(n, "zombie", zombie + " leases=" + held.size() + " freeze_attempts=" + attempts + " failover_ms="
                + failover + " frozen_ms=" + frozenFor + " checkpoint_attempts_after_resume="
                + zombie.zombieLines().stream().filter(e -> e.kind() == 'C').count());
        settle();
    }

    /** Waits until the producer put another second's worth of records and every record so far was delivered. */
    private void settle() {
        int mark = producer.put() + settings.recordsPerSecond();
        until("the producer put " + mark + " records", () -> producer.put() >= mark);
        until("records up to " + mark + " delivered", () -> coverage.covers(mark));
    }

    /** The live worker (other than {@code notThisId}) owning the most leases; waits until one owns any. */
    private WorkerIncarnation busiest(String notThisId) {
        AtomicReference<WorkerIncarnation> found = new AtomicReference<>();
        until("a live worker" + (notThisId == null ? "" : " other than " + notThisId) + " owning a lease", () -> {
            Map<String, String> owners = leases.ownersOfUnfinished();
            found.set(fleet.live().stream().filter(w -> !w.workerId().equals(notThisId))
                    .filter(w -> owners.containsValue(w.workerId()))
                    .max(Comparator.comparingLong(w -> owners.values().stream().filter(w.workerId()::equals).count()))
                    .orElse(null));
            return found.get() != null;
        });
        return found.get();
    }

    private boolean everyWorkerOwnsALease(int workers) {
        Map<String, String> owners = leases.ownersOfUnfinished();
        Set<String> live = fleet.live().stream().map(WorkerIncarnation::workerId).collect(Collectors.toSet());
        return owners.size() >= SHARDS && live.size() == workers && live.stream().allMatch(owners::containsValue)
                && owners.values().stream().allMatch(live::contains);
    }

    /** Every lease {@code gone} held is finished or owned by another live worker. */
    private boolean takenOver(WorkerIncarnation gone, Set<String> held) {
        Map<String, String> owners = leases.ownersOfUnfinished();
        Set<String> live = fleet.live().stream().map(WorkerIncarnation::workerId)
                .filter(id -> !id.equals(gone.workerId())).collect(Collectors.toSet());
        return !owners.containsValue(gone.workerId()) && held.stream()
                .allMatch(lease -> !owners.containsKey(lease) || live.contains(owners.get(lease)));
    }

    private void judge(ChaosVerdict verdict) {
        String details = "; first findings: " + verdict.examples() + "; journals in " + dir;
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(verdict.lost()).as("records lost" + details).isZero();
        soft.assertThat(verdict.processed()).as("records processed").isEqualTo(verdict.produced());
        soft.assertThat(verdict.orderViolations()).as("keys whose first deliveries left put order" + details).isZero();
        soft.assertThat(verdict.duplicatesOutsideCrashWindows()).as("duplicates no crash explains" + details)
                .isZero();
        soft.assertThat(verdict.zombieCheckpointsRejected())
                .as("checkpoints the resumed zombie attempted and saw rejected (its own journal)").isPositive();
        soft.assertThat(verdict.zombieCheckpointsNotFenced()).as("zombie checkpoints not fenced" + details).isZero();
        soft.assertThat(verdict.childShardRecords()).as("records delivered from split and merged shards")
                .isPositive();
        soft.assertAll();
        assertThat(kills).isPositive();
        assertThat(zombies).isPositive();
    }

    private void until(String what, Callable<Boolean> condition) {
        try {
            // Exceptions (the lease table not created yet, an emulator call timing out under load) count as "not yet".
            await(what).atMost(STEP_TIMEOUT).pollInterval(Duration.ofMillis(100)).ignoreExceptions().until(() -> {
                observe();
                return condition.call();
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("chaos step timed out: " + what + "; " + state(), e);
        }
    }

    private void observe() {
        coverage.add(fleet.poll());
    }

    private String state() {
        String owners;
        try {
            owners = leases.ownersOfUnfinished().toString();
        } catch (RuntimeException e) {
            owners = "unreadable (" + e + ")";
        }
        return "producer put " + producer.put() + " (failed calls " + producer.failedCalls() + ", last "
                + producer.lastFailure() + "), first record not delivered " + coverage.firstMissing()
                + ", live workers " + fleet.live() + ", lease owners " + owners + ", journals and logs in " + dir
                + "; emulator logs:\n" + aws.logTail(20);
    }

    private static void event(int cycle, String kind, String details) {
        System.out.println("CHAOS-EVENT cycle=" + cycle + " " + kind + " " + details);
    }

    private static long nowMicros() {
        return ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
    }

    private static long millisSince(long t0) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    }
}
