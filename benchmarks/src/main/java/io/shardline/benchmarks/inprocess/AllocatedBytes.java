package io.shardline.benchmarks.inprocess;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;

/**
 * Heap bytes allocated by the threads of this JVM ({@code com.sun.management.ThreadMXBean}, per-thread TLAB
 * accounting): unlike CPU time, the count for a given piece of work does not depend on what else the machine runs.
 * A thread that ends between two snapshots is not counted (pooled fetch, processing and SDK threads live on).
 */
final class AllocatedBytes {

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private final Map<Long, Long> byThread;

    private AllocatedBytes(Map<Long, Long> byThread) {
        this.byThread = byThread;
    }

    /** The bytes allocated so far by every live thread. */
    static AllocatedBytes now() {
        long[] ids = THREADS.getAllThreadIds();
        long[] bytes = THREADS.getThreadAllocatedBytes(ids);
        Map<Long, Long> byThread = new HashMap<>();
        for (int i = 0; i < ids.length; i++) {
            if (bytes[i] >= 0) {
                byThread.put(ids[i], bytes[i]);
            }
        }
        return new AllocatedBytes(byThread);
    }

    /** Bytes allocated by the threads live now since {@code start} (a thread started since counts from 0). */
    long since(AllocatedBytes start) {
        long total = 0;
        for (Map.Entry<Long, Long> e : byThread.entrySet()) {
            total += e.getValue() - start.byThread.getOrDefault(e.getKey(), 0L);
        }
        return total;
    }
}
