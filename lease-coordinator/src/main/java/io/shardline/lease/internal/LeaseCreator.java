package io.shardline.lease.internal;

import io.shardline.lease.CoordinationStore;
import io.shardline.lease.Lease;
import io.shardline.lease.LeaseCoordinatorConfig;
import io.shardline.lease.LeaseStore;
import io.shardline.lease.Member;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code LeaseCoordinator.createLeases}: reads the member items, gives this worker its {@link CreationShare} of the
 * new leases and creates each with one conditional create (a lease another worker created meanwhile is left as it
 * is), {@link #PARALLELISM} at a time on short-lived threads {@code shardline-lease-create-<workerId>-N}, a child never
 * before its parent. When the members cannot be read, every lease is created unowned (the leader assigns them, as before).
 * Thread-safe: only immutable config and the thread-safe stores; runs on the caller's thread.
 */
final class LeaseCreator {

    private static final Logger LOG = LoggerFactory.getLogger(LeaseCreator.class);
    /**
     * Conditional creates in flight at once. One at a time, 1,000 creates took 5-13 s on the emulator (a round trip
     * each); a few in flight divide that without approaching DynamoDB's per-partition write limits (1,000 WCU/s).
     */
    private static final int PARALLELISM = 8;
    /**
     * Leases per share decision: the members are read again before each chunk, so a worker that started creating
     * before it had settled ({@link CreationShare#SETTLED_HEARTBEATS}) owns the later chunks once it has.
     */
    static final int CHUNK = 100;

    private final LeaseCoordinatorConfig config;
    private final LeaseStore leases;
    private final CoordinationStore coordination;

    LeaseCreator(LeaseCoordinatorConfig config, LeaseStore leases, CoordinationStore coordination) {
        this.config = config;
        this.leases = leases;
        this.coordination = coordination;
    }

    /**
     * @param mayOwn     false once this worker is leaving or stopped: everything is created unowned
     * @param ownedSome  called after each chunk that created leases owned by this worker (re-read its leases)
     * @return the leases this call created, as written
     */
    List<Lease> create(Collection<Lease> existing, List<Lease> toCreate, boolean mayOwn, Runnable ownedSome) {
        if (toCreate.isEmpty()) {
            return List.of();
        }
        AtomicInteger threadNumber = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(PARALLELISM, toCreate.size()), r -> {
            Thread t = new Thread(r, "shardline-lease-create-" + config.workerId() + "-"
                    + threadNumber.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            List<Lease> known = new ArrayList<>(existing);
            List<Lease> created = new ArrayList<>();
            for (List<Lease> wave : waves(toCreate)) {
                for (int from = 0; from < wave.size(); from += CHUNK) {
                    List<Lease> chunk = wave.subList(from, Math.min(wave.size(), from + CHUNK));
                    List<Lease> planned = mayOwn ? withShare(known, chunk) : chunk;
                    List<Lease> written = createWave(pool, planned);
                    created.addAll(written);
                    known.addAll(planned);
                    if (written.stream().anyMatch(l -> l.isOwnedBy(config.workerId()))) {
                        ownedSome.run();
                    }
                }
            }
            return created;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Creates {@code wave} concurrently; after all of it answered, rethrows the first failure. */
    private List<Lease> createWave(ExecutorService pool, List<Lease> wave) {
        List<Future<Boolean>> answers = new ArrayList<>();
        wave.forEach(l -> answers.add(pool.submit(() -> leases.createIfAbsent(l))));
        List<Lease> created = new ArrayList<>();
        RuntimeException failure = null;
        for (int i = 0; i < wave.size(); i++) {
            try {
                if (answers.get(i).get()) {
                    created.add(wave.get(i));
                }
            } catch (ExecutionException e) {
                if (failure == null) {
                    failure = e.getCause() instanceof RuntimeException r ? r
                            : new IllegalStateException("creating lease " + wave.get(i).leaseKey() + " failed",
                                    e.getCause());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(config.workerId() + ": interrupted while creating leases", e);
            }
        }
        if (failure != null) {
            throw failure;
        }
        return created;
    }

    /**
     * {@code planned} (parents first) cut into waves: a lease goes one wave after the latest of its parents that is
     * also being created, so no child row exists before its parent's even while creates run concurrently.
     */
    static List<List<Lease>> waves(List<Lease> planned) {
        Map<String, Integer> waveOf = new HashMap<>();
        List<List<Lease>> waves = new ArrayList<>();
        for (Lease lease : planned) {
            int wave = 0;
            for (String parent : lease.parentLeaseKeys()) {
                Integer w = waveOf.get(parent);
                if (w != null) {
                    wave = Math.max(wave, w + 1);
                }
            }
            waveOf.put(lease.leaseKey(), wave);
            while (waves.size() <= wave) {
                waves.add(new ArrayList<>());
            }
            waves.get(wave).add(lease);
        }
        return waves;
    }

    private List<Lease> withShare(Collection<Lease> existing, List<Lease> toCreate) {
        try {
            List<Member> members = coordination.listMembers();
            return CreationShare.withOwners(config, members, existing, toCreate);
        } catch (RuntimeException e) {
            LOG.warn("{}: could not read the members ({}); creating {} leases unowned", config.workerId(),
                    e.toString(), toCreate.size());
            return toCreate;
        }
    }
}
