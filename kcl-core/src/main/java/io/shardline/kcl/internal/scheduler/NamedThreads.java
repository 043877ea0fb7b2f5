package io.shardline.kcl.internal.scheduler;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Daemon threads named {@code <prefix>-<n>}, numbered per JVM. */
final class NamedThreads implements ThreadFactory {

    private static final Map<String, AtomicInteger> COUNTERS = new ConcurrentHashMap<>();

    private final String prefix;
    private final AtomicInteger counter;

    NamedThreads(String prefix) {
        this.prefix = prefix;
        this.counter = COUNTERS.computeIfAbsent(prefix, p -> new AtomicInteger());
    }

    @Override
    public Thread newThread(Runnable task) {
        Thread thread = new Thread(task, prefix + "-" + counter.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    }
}
