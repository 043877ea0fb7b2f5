package io.shardline.samples.demo;

import io.shardline.samples.common.DeliveryJournal;
import io.shardline.samples.producer.ProducedLog;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compares what the workers processed (their journals) with what the producer put (its log of acknowledged records,
 * in shard order per key). Pure.
 *
 * <ul>
 *   <li><b>lost</b>: put, never processed by any worker;</li>
 *   <li><b>duplicates</b>: records processed more than once (after a SIGKILL, the records between the dead worker's
 *       last checkpoint and its death are processed again by the next owner: expected, at least once);</li>
 *   <li><b>order violations</b>: records whose <em>first</em> processing came after the first processing of a record of
 *       the same key that was put later. Deliveries of all workers are merged by their timestamps (one machine, one
 *       clock); a key is processed by one worker at a time, and a child shard only after its parent, so any
 *       violation is a real one.</li>
 *   <li><b>strays</b>: processed records the producer never acknowledged (a PutRecords call that timed out on the
 *       client but went in); reported, not counted as duplicates.</li>
 * </ul>
 */
public final class DeliveryVerifier {

    /** One worker's journal lines, in file order. */
    public record WorkerJournal(String worker, List<DeliveryJournal.Line> lines) {
        public WorkerJournal {
            lines = List.copyOf(lines);
        }
    }

    /** The outcome. {@code processed} counts distinct records; {@code deliveries} every processing. */
    public record Verification(long produced, long processed, long lost, long orderViolations, long duplicates,
            long deliveries, long strays, Map<String, Long> deliveriesByWorker) {

        public Verification {
            deliveriesByWorker = Map.copyOf(deliveriesByWorker);
        }

        /** Nothing lost and every key in order: the demo's pass condition. */
        public boolean passed() {
            return lost == 0 && orderViolations == 0;
        }

        /** The one line the demo ends with. */
        public String verdictLine() {
            return "VERIFIED produced=" + produced + " processed=" + processed + " lost=" + lost
                    + " order_violations=" + orderViolations + " duplicates=" + duplicates;
        }
    }

    private record Delivery(long micros, int worker, int line, String id, String key) {
    }

    private DeliveryVerifier() {
    }

    public static Verification verify(List<ProducedLog.Line> produced, List<WorkerJournal> journals) {
        Map<String, Integer> rank = new HashMap<>();
        Map<String, Integer> perKey = new HashMap<>();
        for (ProducedLog.Line p : produced) {
            rank.putIfAbsent(id(p.key(), p.seq()), perKey.merge(p.key(), 1, Integer::sum) - 1);
        }
        Map<String, Integer> counts = new HashMap<>();
        Map<String, Integer> highestFirst = new HashMap<>();
        Map<String, Long> byWorker = new HashMap<>();
        long violations = 0;
        long strays = 0;
        long deliveries = 0;
        for (Delivery d : merged(journals)) {
            deliveries++;
            byWorker.merge(journals.get(d.worker()).worker(), 1L, Long::sum);
            Integer r = rank.get(d.id());
            if (r == null) {
                strays++;
                continue;
            }
            if (counts.merge(d.id(), 1, Integer::sum) > 1) {
                continue;
            }
            Integer highest = highestFirst.get(d.key());
            if (highest != null && r < highest) {
                violations++;
            } else {
                highestFirst.put(d.key(), r);
            }
        }
        long processed = counts.size();
        long duplicates = counts.values().stream().filter(c -> c > 1).count();
        return new Verification(rank.size(), processed, rank.size() - processed, violations, duplicates,
                deliveries, strays, byWorker);
    }

    /** How many produced records no journal holds yet (for the drain wait). */
    public static long unprocessed(List<ProducedLog.Line> produced, List<WorkerJournal> journals) {
        Set<String> seen = new HashSet<>();
        journals.forEach(j -> j.lines().forEach(l -> seen.add(id(l.key(), l.seq()))));
        return produced.stream().filter(p -> !seen.contains(id(p.key(), p.seq()))).count();
    }

    private static List<Delivery> merged(List<WorkerJournal> journals) {
        List<Delivery> all = new ArrayList<>();
        for (int w = 0; w < journals.size(); w++) {
            List<DeliveryJournal.Line> lines = journals.get(w).lines();
            for (int i = 0; i < lines.size(); i++) {
                DeliveryJournal.Line l = lines.get(i);
                all.add(new Delivery(l.epochMicros(), w, i, id(l.key(), l.seq()), l.key()));
            }
        }
        all.sort(Comparator.comparingLong(Delivery::micros).thenComparingInt(Delivery::worker)
                .thenComparingInt(Delivery::line));
        return all;
    }

    private static String id(String key, long seq) {
        return seq + " " + key;
    }
}
