package io.shardline.benchmarks.cost;

import java.time.Duration;
import java.util.Optional;

/**
 * CPU time (user + system, every thread) of a process on this machine, as the OS reports it ({@code /proc/<pid>/stat}
 * on Linux, through {@link ProcessHandle.Info#totalCpuDuration()}); clock-tick resolution (10 ms).
 */
final class ProcessCpu {

    private ProcessCpu() {
    }

    /** @throws IllegalStateException when the process is gone or the OS does not report its CPU time */
    static Duration of(long pid) {
        return ifAlive(pid).orElseThrow(() -> new IllegalStateException("no CPU time for process " + pid
                + " (exited, or not reported by this OS)"));
    }

    /** The CPU time, or empty when the process is gone or the OS does not report it. */
    static Optional<Duration> ifAlive(long pid) {
        return ProcessHandle.of(pid).flatMap(p -> p.info().totalCpuDuration());
    }
}
