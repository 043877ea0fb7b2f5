package io.shardline.testing.chaos;

import static org.awaitility.Awaitility.await;

import io.shardline.testing.LocalAws;
import io.shardline.testing.consumer.WorkerMain;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The worker JVMs of a chaos run ({@link WorkerMain}, one journal and one log per incarnation under the run's
 * directory) and the signals the test sends them: SIGKILL, SIGSTOP, SIGCONT.
 */
final class ChaosFleet implements AutoCloseable {

    /** Simulated work per batch: a SIGSTOP then often lands between a batch's records and its checkpoint. */
    static final long WORK_PER_BATCH_MILLIS = 300;

    /**
     * Light worker JVMs for a 2-core machine that also runs the emulators: C1 only (a short run does not repay C2's
     * compile time), serial GC, a small heap; the leader lists shards every 5 s, so a shard end lost with a killed
     * worker is noticed soon.
     */
    private static final List<String> JVM_OPTIONS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
            "-Xmx256m", "-D" + WorkerMain.SHARD_SYNC_INTERVAL_PROPERTY + "=PT5S");

    private static final Duration SIGNAL_TIMEOUT = Duration.ofSeconds(30);

    private final LocalAws aws;
    private final String stream;
    private final String application;
    private final Path dir;
    private final List<WorkerIncarnation> incarnations = new ArrayList<>();

    ChaosFleet(LocalAws aws, String stream, String application, Path dir) {
        this.aws = aws;
        this.stream = stream;
        this.application = application;
        this.dir = dir;
    }

    /** Starts {@code workerId} (again): a new JVM with its own journal. */
    WorkerIncarnation start(String workerId) {
        int number = (int) incarnations.stream().filter(w -> w.workerId().equals(workerId)).count() + 1;
        Path journal = dir.resolve(workerId + "-" + number + ".journal");
        Path log = dir.resolve(workerId + "-" + number + ".log");
        try {
            Process process = WorkerMain.launch(aws, stream, application, workerId, journal, log,
                    WORK_PER_BATCH_MILLIS, JVM_OPTIONS);
            WorkerIncarnation worker = new WorkerIncarnation(workerId, number, process, journal, log);
            incarnations.add(worker);
            return worker;
        } catch (IOException e) {
            throw new UncheckedIOException("starting worker " + workerId, e);
        }
    }

    /** SIGKILL: no shutdown hook, no handoff, no final checkpoint. Returns once the process is gone. */
    void kill(WorkerIncarnation worker) {
        worker.markKilled();
        worker.process().destroyForcibly();
        try {
            if (!worker.process().waitFor(SIGNAL_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                throw new IllegalStateException(worker + " still runs " + SIGNAL_TIMEOUT + " after SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while killing " + worker, e);
        }
        worker.poll();
    }

    /** SIGSTOP, and waits until the kernel reports the process stopped (every thread frozen). */
    void freeze(WorkerIncarnation worker) {
        signal("STOP", worker);
        worker.markFrozen(true);
        await("the kernel reports " + worker + " stopped").atMost(SIGNAL_TIMEOUT).pollInterval(Duration.ofMillis(10))
                .until(() -> state(worker) == 'T');
    }

    /** SIGCONT. */
    void thaw(WorkerIncarnation worker) {
        signal("CONT", worker);
        worker.markFrozen(false);
    }

    /** Reads every journal's new lines; returns them. */
    List<JournalEvent> poll() {
        List<JournalEvent> events = new ArrayList<>();
        incarnations.forEach(w -> events.addAll(w.poll()));
        return events;
    }

    /** The current incarnation of each worker id that is alive and not frozen. */
    List<WorkerIncarnation> live() {
        return incarnations.stream().filter(WorkerIncarnation::isLive).toList();
    }

    List<WorkerIncarnation> all() {
        return List.copyOf(incarnations);
    }

    /**
     * Stops every worker still running: a frozen one is resumed first; each is asked to stop by closing its standard
     * input (the scheduler closes, handing its leases off) and killed if it has not exited within 20 s.
     */
    @Override
    public void close() {
        for (WorkerIncarnation w : incarnations) {
            w.poll();
            w.markShutdown();
            if (w.process().isAlive()) {
                signalQuietly("CONT", w);
                try {
                    w.process().getOutputStream().close();
                } catch (IOException e) {
                    // already gone
                }
            }
        }
        for (WorkerIncarnation w : incarnations) {
            try {
                if (!w.process().waitFor(20, TimeUnit.SECONDS)) {
                    w.process().destroyForcibly().waitFor(SIGNAL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                w.process().destroyForcibly();
            }
            w.poll();
        }
    }

    private static void signal(String signal, WorkerIncarnation worker) {
        int status = signalQuietly(signal, worker);
        if (status != 0) {
            throw new IllegalStateException("kill -" + signal + " " + worker + " exited with " + status);
        }
    }

    private static int signalQuietly(String signal, WorkerIncarnation worker) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(worker.process().pid()))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!kill.waitFor(SIGNAL_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                kill.destroyForcibly();
                return -1;
            }
            return kill.exitValue();
        } catch (IOException e) {
            throw new UncheckedIOException("sending SIG" + signal + " to " + worker, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending SIG" + signal + " to " + worker, e);
        }
    }

    /** The process state letter of /proc/pid/stat ({@code T}: stopped by a signal). */
    private static char state(WorkerIncarnation worker) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(worker.process().pid()), "stat"),
                StandardCharsets.US_ASCII);
        return stat.charAt(stat.lastIndexOf(')') + 2);
    }
}
