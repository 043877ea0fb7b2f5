package io.shardline.testing.chaos;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Judges the journals of a chaos run against what the producer put: record {@code i} has partition key
 * {@code key-(i % keys)} and data {@code key-<k>#i}, and for each key the producer put the records in index order.
 *
 * <ul>
 *   <li><b>Lost</b>: a produced record no worker delivered.</li>
 *   <li><b>Order</b>: for each key, the first delivery of each record (the earliest journal time of any delivery)
 *       comes in put order, across parent and child shards and across workers.</li>
 *   <li><b>Duplicates</b>: each delivery of a stream record after its first must be a replay of a crash: either the
 *       delivery or the one just before it was made by a session that ended without handing its work over (its worker
 *       was SIGKILLed, frozen with SIGSTOP, or journaled a lease loss), of a record after that session's last
 *       checkpoint (what the next owner restarts from). Anything else (for example a graceful handoff that replays)
 *       counts as outside the crash windows.</li>
 *   <li><b>Zombie</b>: every checkpoint a SIGSTOPped worker attempted after it resumed, in a session it started before
 *       it was stopped, must come back LEASE_LOST.</li>
 * </ul>
 */
final class DeliveryAnalysis {

    private static final int MAX_EXAMPLES = 5;

    /** Why a session's undelivered-to-checkpoint records may be replayed. */
    enum Cause { KILL, ZOMBIE, LEASE_LOST, NONE }

    private record SessionKey(String run, int session) {
    }

    /** One session (processor instance) of one worker run. */
    private static final class Session {
        final Cause cause;
        JournalEvent replayFrom; // the start position or the last confirmed checkpoint, whichever is later
        boolean ended;
        boolean delivered;
        boolean lostBeforeShutdown;

        Session(Cause cause) {
            this.cause = cause;
        }

        void advance(JournalEvent position) {
            if (replayFrom == null || position.isAfter(replayFrom)) {
                replayFrom = position;
            }
        }

        /** The next owner may deliver {@code record} again because this session stopped short of checkpointing it. */
        boolean leftForReplay(JournalEvent record) {
            return cause != Cause.NONE && !ended && (replayFrom == null || record.isAfter(replayFrom));
        }
    }

    private record Delivery(JournalEvent event, String run, Session session) {
    }

    private static final Comparator<Delivery> IN_TIME = Comparator.comparingLong((Delivery d) -> d.event().micros())
            .thenComparing(Delivery::run).thenComparingInt(d -> d.event().line());

    private final int produced;
    private final int keys;
    private final Set<String> initialShards;
    private final List<String> examples = new ArrayList<>();

    private DeliveryAnalysis(int produced, int keys, Set<String> initialShards) {
        this.produced = produced;
        this.keys = keys;
        this.initialShards = Set.copyOf(initialShards);
    }

    static ChaosVerdict analyze(int produced, int keys, Set<String> initialShards, List<WorkerRun> runs) {
        return new DeliveryAnalysis(produced, keys, initialShards).run(runs);
    }

    private ChaosVerdict run(List<WorkerRun> runs) {
        Map<SessionKey, Session> sessions = new HashMap<>();
        Map<String, List<Delivery>> byRecord = new LinkedHashMap<>();
        int rejected = 0;
        int notFenced = 0;
        Map<String, List<JournalEvent>> startsByShard = new HashMap<>();
        runs.forEach(r -> r.events().stream().filter(e -> e.kind() == 'I')
                .forEach(e -> startsByShard.computeIfAbsent(e.shard(), k -> new ArrayList<>()).add(e)));
        int childShardRecords = 0;
        int landedBeforeFreeze = 0;
        for (WorkerRun run : runs) {
            Map<Integer, Span> spans = spans(run);
            for (JournalEvent e : run.events()) {
                Session s = sessions.computeIfAbsent(new SessionKey(run.name(), e.session()),
                        k -> new Session(cause(run, spans.get(e.session()))));
                switch (e.kind()) {
                    case 'I' -> s.advance(e);
                    case 'C' -> {
                        if (e.word().equals("OK")) {
                            s.advance(e);
                        }
                        if (frozenBetween(run, spans.get(e.session()).first(), e.line())) {
                            if (e.word().equals("LEASE_LOST")) {
                                rejected++;
                            } else if (e.word().equals("OK") && startsByShard.getOrDefault(e.shard(), List.of())
                                    .stream().anyMatch(start -> !start.isAfter(e) && !e.isAfter(start)
                                            && start.micros() < e.micros())) {
                                // The write landed before the freeze (only its answer came after): the next owner
                                // already started from exactly this checkpoint.
                                landedBeforeFreeze++;
                            } else {
                                notFenced++;
                                example("zombie " + run.name() + " checkpoint after resuming was " + e.word()
                                        + ": " + e);
                            }
                        }
                    }
                    case 'E' -> s.ended = true;
                    case 'L' -> s.lostBeforeShutdown |= e.line() < run.shutdownAtLine();
                    case 'R' -> {
                        s.delivered = true;
                        byRecord.computeIfAbsent(e.recordId(), k -> new ArrayList<>())
                                .add(new Delivery(e, run.name(), s));
                        childShardRecords += initialShards.contains(e.shard()) ? 0 : 1;
                    }
                    default -> {
                    }
                }
            }
        }
        Map<Cause, Integer> duplicates = classifyDuplicates(byRecord);
        Map<Integer, Long> firstDelivery = new HashMap<>();
        Map<Integer, Set<String>> copies = new HashMap<>();
        for (List<Delivery> deliveries : byRecord.values()) {
            for (Delivery d : deliveries) {
                int index = d.event().index();
                firstDelivery.merge(index, d.event().micros(), Math::min);
                copies.computeIfAbsent(index, k -> new HashSet<>()).add(d.event().recordId());
            }
        }
        int processed = (int) firstDelivery.keySet().stream().filter(i -> i >= 0 && i < produced).count();
        int lost = produced - processed;
        for (int i = 0; i < produced && examples.size() < MAX_EXAMPLES && lost > 0; i++) {
            if (!firstDelivery.containsKey(i)) {
                example("record " + i + " (key-" + (i % keys) + ") was never delivered");
            }
        }
        int leaseLosses = (int) sessions.values().stream()
                .filter(s -> s.cause == Cause.LEASE_LOST && s.delivered && s.lostBeforeShutdown).count();
        int producerDuplicates = copies.values().stream().mapToInt(c -> c.size() - 1).sum();
        int total = duplicates.values().stream().mapToInt(Integer::intValue).sum();
        return new ChaosVerdict(produced, processed, lost, orderViolations(firstDelivery), total,
                duplicates.getOrDefault(Cause.KILL, 0), duplicates.getOrDefault(Cause.ZOMBIE, 0),
                duplicates.getOrDefault(Cause.LEASE_LOST, 0), duplicates.getOrDefault(Cause.NONE, 0), rejected,
                notFenced, landedBeforeFreeze, leaseLosses, producerDuplicates, childShardRecords, examples);
    }

    /** The lines a session spans in its journal, and whether it journaled a lease loss. */
    private record Span(int first, int last, boolean lost) {
    }

    private static Map<Integer, Span> spans(WorkerRun run) {
        Map<Integer, Span> spans = new HashMap<>();
        for (JournalEvent e : run.events()) {
            spans.merge(e.session(), new Span(e.line(), e.line(), e.kind() == 'L'),
                    (a, b) -> new Span(a.first(), b.last(), a.lost() || b.lost()));
        }
        return spans;
    }

    /** The worker was frozen (SIGSTOP) after line {@code from} and at or before line {@code to}. */
    private static boolean frozenBetween(WorkerRun run, int from, int to) {
        return run.stoppedAtLines().stream().anyMatch(stop -> from < stop && stop <= to);
    }

    private static Cause cause(WorkerRun run, Span span) {
        if (run.killed()) {
            return Cause.KILL;
        }
        if (frozenBetween(run, span.first(), span.last())) {
            return Cause.ZOMBIE; // it was running when the worker was frozen
        }
        return span.lost() ? Cause.LEASE_LOST : Cause.NONE;
    }

    /** Counts each delivery after a record's first by the crash that explains it ({@link Cause#NONE}: none does). */
    private Map<Cause, Integer> classifyDuplicates(Map<String, List<Delivery>> byRecord) {
        Map<Cause, Integer> counts = new HashMap<>();
        for (List<Delivery> deliveries : byRecord.values()) {
            if (deliveries.size() < 2) {
                continue;
            }
            List<Delivery> inTime = deliveries.stream().sorted(IN_TIME).toList();
            for (int k = 1; k < inTime.size(); k++) {
                Delivery again = inTime.get(k);
                Delivery before = inTime.get(k - 1);
                Cause cause = again.session().leftForReplay(again.event()) ? again.session().cause
                        : before.session().leftForReplay(before.event()) ? before.session().cause : Cause.NONE;
                counts.merge(cause, 1, Integer::sum);
                if (cause == Cause.NONE) {
                    example("record " + again.event().index() + " (" + again.event().recordId() + " on "
                            + again.event().shard() + ") delivered again by " + again.run() + " after " + before.run()
                            + " with no crash in between");
                }
            }
        }
        return counts;
    }

    private int orderViolations(Map<Integer, Long> firstDelivery) {
        int violations = 0;
        for (int k = 0; k < keys; k++) {
            int previous = -1;
            for (int i = k; i < produced; i += keys) {
                Long at = firstDelivery.get(i);
                if (at == null) {
                    continue; // lost, counted there
                }
                if (previous >= 0 && at < firstDelivery.get(previous)) {
                    violations++;
                    example("key-" + k + ": record " + i + " was first delivered before record " + previous);
                }
                previous = i;
            }
        }
        return violations;
    }

    private void example(String text) {
        if (examples.size() < MAX_EXAMPLES * 3) {
            examples.add(text);
        }
    }
}
