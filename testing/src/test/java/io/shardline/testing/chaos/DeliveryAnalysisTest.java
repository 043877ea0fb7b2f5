package io.shardline.testing.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The chaos suite's judge finds what it must find: each check fails on journals that break it. */
class DeliveryAnalysisTest {

    private static final int KEYS = 2;
    private static final Set<String> SHARDS = Set.of("s0");

    private long clock = 1_000;

    @Test
    void aCleanRunHasNothingToReport() {
        Journal a = new Journal().init(1, "TRIM_HORIZON").records(1, 0, 6).checkpoint(1, 5, "OK");

        ChaosVerdict verdict = analyze(6, a.run("a", false, List.of()));

        assertThat(verdict.processed()).isEqualTo(6);
        assertThat(verdict.lost()).isZero();
        assertThat(verdict.orderViolations()).isZero();
        assertThat(verdict.duplicates()).isZero();
        assertThat(verdict.examples()).isEmpty();
    }

    @Test
    void aRecordNobodyDeliveredIsLost() {
        Journal a = new Journal().init(1, "TRIM_HORIZON").records(1, 0, 3).records(1, 4, 6);

        ChaosVerdict verdict = analyze(6, a.run("a", false, List.of()));

        assertThat(verdict.lost()).isEqualTo(1);
        assertThat(verdict.examples()).anyMatch(e -> e.contains("record 3 "));
    }

    @Test
    void aKeysLaterRecordFirstDeliveredEarlierIsAnOrderViolation() {
        // key-0 holds records 0, 2, 4: 4 is delivered (on a child, by b) before 2 (on the parent, by a)
        Journal b = new Journal().init(1, "TRIM_HORIZON").records(1, 4, 5);
        Journal a = new Journal().init(1, "TRIM_HORIZON").records(1, 0, 4);

        ChaosVerdict verdict = analyze(5, b.run("b", false, List.of()), a.run("a", false, List.of()));

        assertThat(verdict.orderViolations()).isEqualTo(1); // key-0: record 4 before record 2
        assertThat(verdict.lost()).isZero();
    }

    @Test
    void replaysAfterAKilledWorkersLastCheckpointAreInsideTheCrashWindow() {
        Journal a = new Journal().init(1, "TRIM_HORIZON").records(1, 0, 6).checkpoint(1, 2, "OK");
        Journal b = new Journal().init(1, seq(2)).records(1, 3, 8);

        ChaosVerdict verdict = analyze(8, a.run("a#1", true, List.of()), b.run("b#1", false, List.of()));

        assertThat(verdict.duplicates()).isEqualTo(3);
        assertThat(verdict.duplicatesAfterKill()).isEqualTo(3);
        assertThat(verdict.duplicatesOutsideCrashWindows()).isZero();
        assertThat(verdict.orderViolations()).isZero();
    }

    @Test
    void replaysOfCheckpointedRecordsAreOutsideTheCrashWindowEvenAfterAKill() {
        Journal a = new Journal().init(1, "TRIM_HORIZON").records(1, 0, 6).checkpoint(1, 4, "OK");
        Journal b = new Journal().init(1, seq(2)).records(1, 3, 8);

        ChaosVerdict verdict = analyze(8, a.run("a#1", true, List.of()), b.run("b#1", false, List.of()));

        assertThat(verdict.duplicatesAfterKill()).isEqualTo(1); // record 5
        assertThat(verdict.duplicatesOutsideCrashWindows()).isEqualTo(2); // records 3 and 4: checkpointed already
    }

    @Test
    void replaysAfterAGracefulHandoffAreOutsideTheCrashWindows() {
        Journal a = new Journal().init(1, "TRIM_HORIZON").records(1, 0, 6).checkpoint(1, 2, "OK");
        Journal b = new Journal().init(1, seq(2)).records(1, 3, 8);

        ChaosVerdict verdict = analyze(8, a.run("a#1", false, List.of()), b.run("b#1", false, List.of()));

        assertThat(verdict.duplicatesOutsideCrashWindows()).isEqualTo(3);
        assertThat(verdict.examples()).anyMatch(e -> e.contains("delivered again by b#1 after a#1"));
    }

    @Test
    void replaysAfterAJournaledLeaseLossAreCountedApart() {
        Journal a = new Journal().init(1, "TRIM_HORIZON").records(1, 0, 6).checkpoint(1, 2, "OK").lost(1);
        Journal b = new Journal().init(1, seq(2)).records(1, 3, 8);

        ChaosVerdict verdict = analyze(8, a.run("a#1", false, List.of()), b.run("b#1", false, List.of()));

        assertThat(verdict.duplicatesAfterLeaseLoss()).isEqualTo(3);
        assertThat(verdict.leaseLossesOutsideChaos()).isEqualTo(1);
        assertThat(verdict.duplicatesOutsideCrashWindows()).isZero();
    }

    @Test
    void aZombiesCheckpointsAfterResumingMustAllBeFenced() {
        Journal z = new Journal().init(1, "TRIM_HORIZON").records(1, 0, 4).checkpoint(1, 1, "OK").prepare(1, 3);
        int stoppedAt = z.lines.size();
        Journal live = new Journal().init(1, seq(1)).records(1, 2, 6);
        z.checkpoint(1, 3, "LEASE_LOST").lost(1);

        ChaosVerdict verdict = analyze(6, z.run("z#1", false, List.of(stoppedAt)),
                live.run("live#1", false, List.of()));

        assertThat(verdict.zombieCheckpointsRejected()).isEqualTo(1);
        assertThat(verdict.zombieCheckpointsNotFenced()).isZero();
        assertThat(verdict.duplicatesAfterZombie()).isEqualTo(2); // records 2 and 3
        assertThat(verdict.duplicatesOutsideCrashWindows()).isZero();
        assertThat(verdict.leaseLossesOutsideChaos()).isZero();
    }

    @Test
    void aSessionThatEndedBeforeItsWorkerWasFrozenExplainsNoReplay() {
        Journal z = new Journal().init(1, "TRIM_HORIZON").records(1, 0, 4).checkpoint(1, 1, "OK");
        z.shard = "s9";
        z.init(2, "TRIM_HORIZON");
        int stoppedAt = z.lines.size();
        z.lost(2);
        Journal live = new Journal().init(1, seq(1)).records(1, 2, 6);

        ChaosVerdict verdict = analyze(6, z.run("z#1", false, List.of(stoppedAt)),
                live.run("live#1", false, List.of()));

        assertThat(verdict.duplicatesOutsideCrashWindows()).isEqualTo(2); // s0's session was over before the freeze
        assertThat(verdict.duplicatesAfterZombie()).isZero();
    }

    @Test
    void eachFreezeOfOneWorkerIsJudgedOnItsOwn() {
        Journal z = new Journal().init(1, "TRIM_HORIZON").records(1, 0, 2).prepare(1, 1);
        int firstStop = z.lines.size();
        z.checkpoint(1, 1, "LEASE_LOST").lost(1).init(2, seq(1)).records(2, 2, 4).prepare(2, 3);
        int secondStop = z.lines.size();
        z.checkpoint(2, 3, "LEASE_LOST").lost(2);

        ChaosVerdict verdict = analyze(4, z.run("z#1", false, List.of(firstStop, secondStop)));

        assertThat(verdict.zombieCheckpointsRejected()).isEqualTo(2);
        assertThat(verdict.zombieCheckpointsNotFenced()).isZero();
    }

    @Test
    void aZombieCheckpointWrittenBeforeTheFreezeAndAnsweredAfterItIsNoFencingFailure() {
        Journal z = new Journal().init(1, "TRIM_HORIZON").records(1, 0, 4).prepare(1, 3);
        int stoppedAt = z.lines.size();
        Journal live = new Journal().init(1, seq(3)).records(1, 4, 6);
        z.checkpoint(1, 3, "OK");

        ChaosVerdict verdict = analyze(6, z.run("z#1", false, List.of(stoppedAt)),
                live.run("live#1", false, List.of()));

        assertThat(verdict.zombieCheckpointsNotFenced()).isZero();
        assertThat(verdict.zombieCheckpointsLandedEarly()).isEqualTo(1);
    }

    @Test
    void aZombieCheckpointThatGoesThroughAfterResumingIsReported() {
        Journal z = new Journal().init(1, "TRIM_HORIZON").records(1, 0, 4).prepare(1, 3);
        int stoppedAt = z.lines.size();
        z.checkpoint(1, 3, "OK");

        ChaosVerdict verdict = analyze(4, z.run("z#1", false, List.of(stoppedAt)));

        assertThat(verdict.zombieCheckpointsRejected()).isZero();
        assertThat(verdict.zombieCheckpointsNotFenced()).isEqualTo(1);
        assertThat(verdict.examples()).anyMatch(e -> e.contains("zombie z#1 checkpoint after resuming was OK"));
    }

    @Test
    void recordsOfShardsCreatedByReshardingAreCounted() {
        Journal a = new Journal().init(1, "TRIM_HORIZON").records(1, 0, 2);
        a.shard = "s1";
        a.init(2, "TRIM_HORIZON").records(2, 2, 5);

        assertThat(analyze(5, a.run("a", false, List.of())).childShardRecords()).isEqualTo(3);
    }

    private static ChaosVerdict analyze(int produced, WorkerRun... runs) {
        return DeliveryAnalysis.analyze(produced, KEYS, SHARDS, List.of(runs));
    }

    private static String seq(int index) {
        return Long.toString(1_000_000L + index);
    }

    /** A worker journal written the way WorkerMain writes it; one shard at a time, each line a tick later. */
    private final class Journal {
        final List<String> lines = new ArrayList<>();
        String shard = "s0";

        Journal init(int session, String position) {
            return line("I " + session + " " + shard + " " + position + " 0 " + tick());
        }

        Journal records(int session, int from, int to) {
            for (int i = from; i < to; i++) {
                line("R " + session + " " + shard + " " + seq(i) + " 0 key-" + (i % KEYS) + " " + tick() + " key-"
                        + (i % KEYS) + "#" + i);
            }
            return this;
        }

        Journal prepare(int session, int index) {
            return line("P " + session + " " + shard + " " + seq(index) + " 0 " + tick());
        }

        Journal checkpoint(int session, int index, String result) {
            return line("C " + session + " " + shard + " " + seq(index) + " 0 " + result + " " + tick());
        }

        Journal lost(int session) {
            return line("L " + session + " " + shard + " " + tick());
        }

        WorkerRun run(String name, boolean killed, List<Integer> stoppedAtLines) {
            List<JournalEvent> events = new ArrayList<>();
            for (String line : lines) {
                events.add(JournalEvent.parse(line, events.size()));
            }
            return new WorkerRun(name, events, killed, stoppedAtLines);
        }

        private Journal line(String text) {
            lines.add(text);
            return this;
        }

        private long tick() {
            return clock++;
        }
    }
}
