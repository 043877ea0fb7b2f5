package io.shardline.testing.chaos;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One worker JVM: a worker id started for the n-th time, its journal as read so far, and what the test did to it
 * (killed, frozen). Used from the test thread only.
 */
final class WorkerIncarnation {

    private final String workerId;
    private final int number;
    private final Process process;
    private final JournalTail journal;
    private final Path log;
    private final Map<Integer, JournalEvent> lastBySession = new HashMap<>();
    private boolean killed;
    private final List<Integer> stoppedAtLines = new ArrayList<>();
    private boolean frozen;
    private int shutdownAtLine = -1;

    WorkerIncarnation(String workerId, int number, Process process, Path journal, Path log) {
        this.workerId = workerId;
        this.number = number;
        this.process = process;
        this.journal = new JournalTail(journal);
        this.log = log;
    }

    String workerId() {
        return workerId;
    }

    String name() {
        return workerId + "#" + number;
    }

    Process process() {
        return process;
    }

    Path log() {
        return log;
    }

    /** Reads what the worker journaled since the last call. */
    List<JournalEvent> poll() {
        List<JournalEvent> events = journal.readNew();
        events.forEach(e -> lastBySession.put(e.session(), e));
        return events;
    }

    /** Sessions whose last line is a P: a batch taken, its checkpoint not attempted yet. */
    Set<Integer> sessionsInsideABatch() {
        return lastBySession.entrySet().stream().filter(e -> e.getValue().kind() == 'P').map(Map.Entry::getKey)
                .collect(Collectors.toSet());
    }

    /**
     * Some session's last line is a P written less than {@code within} before {@code micros}: at that time its
     * processor was still in the batch's simulated work, before the checkpoint call.
     */
    boolean insideABatchAt(long micros, long withinMicros) {
        return lastBySession.values().stream()
                .anyMatch(e -> e.kind() == 'P' && micros - e.micros() < withinMicros);
    }

    int linesRead() {
        return journal.lines();
    }

    /** Lines written after it was last resumed as a zombie, by sessions it started before it was frozen. */
    List<JournalEvent> zombieLines() {
        if (stoppedAtLines.isEmpty()) {
            return List.of();
        }
        int stop = stoppedAtLines.get(stoppedAtLines.size() - 1);
        List<JournalEvent> events = journal.view();
        Set<Integer> before = events.subList(0, stop).stream().map(JournalEvent::session).collect(Collectors.toSet());
        return events.subList(stop, events.size()).stream().filter(e -> before.contains(e.session())).toList();
    }

    void markKilled() {
        killed = true;
    }

    void markFrozen(boolean isFrozen) {
        frozen = isFrozen;
    }

    /** Records that the journal read so far is what it wrote before it was frozen until its leases moved. */
    void markZombie() {
        stoppedAtLines.add(journal.lines());
    }

    /** Records that the journal read so far is what it wrote before the test began to stop the workers. */
    void markShutdown() {
        if (shutdownAtLine < 0) {
            shutdownAtLine = journal.lines();
        }
    }

    boolean isLive() {
        return !killed && !frozen && process.isAlive();
    }

    WorkerRun toRun() {
        List<JournalEvent> events = journal.all();
        int shutdownAt = shutdownAtLine < 0 ? events.size() : shutdownAtLine;
        return new WorkerRun(name(), events, killed, stoppedAtLines, shutdownAt);
    }

    @Override
    public String toString() {
        return name() + " (pid " + process.pid() + ")";
    }
}
