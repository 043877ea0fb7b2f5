package io.shardline.benchmarks.leasesim;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;

/**
 * Amazon KCL 2.x's lease algorithm as documented, for comparison (not KCL's code): every worker renews each lease it
 * holds every {@code failoverTime / 3} (one conditional write per lease), and every {@code 2 x failoverTime} its
 * lease taker scans the whole table, treats a lease as expired when its counter has not changed for
 * {@code failoverTime} since this worker first saw that value, takes expired leases up to its target
 * ({@code ceil(leases / workers)}), and otherwise steals at most one lease from the most loaded worker. There is no
 * graceful release: a stopped worker's leases expire. Defaults are KCL's: failoverTime 10 s.
 */
final class KclLeaseFleet implements SimulatedFleet {

    private static final int SCAN_PAGE_ITEMS = 1_000; // ~1 MB scan pages of ~1 KB items, rounded

    private final long failoverMillis;
    private final long renewMillis;
    private final long takerMillis;
    private final Random random;
    private final Map<String, long[]> leases = new LinkedHashMap<>(); // key -> [counter]
    private final Map<String, String> owners = new HashMap<>();
    private final Map<String, Worker> workers = new HashMap<>();
    private final PriorityQueue<Task> tasks = new PriorityQueue<>(Comparator.comparingLong(Task::at));
    private long now;
    private long writes;
    private long reads;

    KclLeaseFleet(int leaseCount, Duration failoverTime, long seed) {
        this.failoverMillis = failoverTime.toMillis();
        this.renewMillis = failoverMillis / 3;
        this.takerMillis = failoverMillis * 2;
        this.random = new Random(seed);
        for (int i = 0; i < leaseCount; i++) {
            String key = String.format("shardId-%012d", i);
            leases.put(key, new long[] {0});
            owners.put(key, null);
        }
    }

    private record Task(long at, String workerId, boolean taker) {}

    private static final class Worker {
        final String id;
        boolean alive = true;
        /** Per lease: the counter this worker last saw and the local time it first saw that value. */
        final Map<String, long[]> seen = new HashMap<>();

        Worker(String id) {
            this.id = id;
        }
    }

    @Override
    public void preassign(List<String> workerIds) {
        // KCL's cold start (each taker grabs up to its target among the owners it sees, then one steal per cycle)
        // is not what the scenarios measure: start from the balanced steady state instead.
        int i = 0;
        for (String key : leases.keySet()) {
            owners.put(key, workerIds.get(i++ % workerIds.size()));
        }
    }

    @Override
    public void addWorker(String workerId) {
        workers.put(workerId, new Worker(workerId));
        tasks.add(new Task(now, workerId, true));
        tasks.add(new Task(now + renewMillis, workerId, false));
    }

    @Override
    public void killWorker(String workerId) {
        workers.get(workerId).alive = false;
    }

    @Override
    public void shutdownWorker(String workerId) {
        killWorker(workerId); // KCL 2.x stops renewing; the leases expire and are taken by the others
    }

    @Override
    public void advance(Duration elapsed) {
        long until = now + elapsed.toMillis();
        while (!tasks.isEmpty() && tasks.peek().at() <= until) {
            Task task = tasks.poll();
            now = task.at();
            Worker worker = workers.get(task.workerId());
            if (!worker.alive) {
                continue;
            }
            if (task.taker()) {
                take(worker);
                tasks.add(new Task(now + takerMillis, worker.id, true));
            } else {
                renew(worker);
                tasks.add(new Task(now + renewMillis, worker.id, false));
            }
        }
        now = until;
    }

    private void renew(Worker worker) {
        for (Map.Entry<String, String> e : owners.entrySet()) {
            if (worker.id.equals(e.getValue())) {
                leases.get(e.getKey())[0]++;
                writes++;
            }
        }
    }

    private void take(Worker worker) {
        reads += Math.max(1, (leases.size() + SCAN_PAGE_ITEMS - 1) / SCAN_PAGE_ITEMS);
        List<String> expired = new ArrayList<>();
        Map<String, Integer> liveCounts = new HashMap<>();
        for (Map.Entry<String, long[]> e : leases.entrySet()) {
            long counter = e.getValue()[0];
            long[] seen = worker.seen.computeIfAbsent(e.getKey(), k -> new long[] {counter, now});
            if (seen[0] != counter) {
                seen[0] = counter;
                seen[1] = now;
            }
            String owner = owners.get(e.getKey());
            if (owner == null || now - seen[1] > failoverMillis) {
                expired.add(e.getKey());
            } else {
                liveCounts.merge(owner, 1, Integer::sum);
            }
        }
        liveCounts.putIfAbsent(worker.id, 0);
        int target = (leases.size() + liveCounts.size() - 1) / liveCounts.size();
        int mine = liveCounts.get(worker.id);
        int wanted = target - mine;
        if (wanted <= 0) {
            return;
        }
        if (!expired.isEmpty()) {
            Collections.shuffle(expired, random);
            for (String key : expired.subList(0, Math.min(wanted, expired.size()))) {
                assign(key, worker.id);
            }
            return;
        }
        liveCounts.entrySet().stream()
                .filter(e -> !e.getKey().equals(worker.id) && e.getValue() > target)
                .max(Map.Entry.comparingByValue())
                .ifPresent(most -> owners.entrySet().stream()
                        .filter(l -> most.getKey().equals(l.getValue()))
                        .findFirst()
                        .ifPresent(l -> assign(l.getKey(), worker.id)));
    }

    private void assign(String key, String newOwner) {
        owners.put(key, newOwner);
        leases.get(key)[0]++;
        writes++;
    }

    @Override
    public long nowMillis() {
        return now;
    }

    @Override
    public Map<String, String> ownership() {
        return Collections.unmodifiableMap(owners);
    }

    @Override
    public long writes() {
        return writes;
    }

    @Override
    public long reads() {
        return reads;
    }

    @Override
    public long rounds() {
        return now / takerMillis; // taker cycles of one worker: every worker runs one per interval
    }
}
