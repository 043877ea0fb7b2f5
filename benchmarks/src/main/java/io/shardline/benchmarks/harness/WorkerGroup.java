package io.shardline.benchmarks.harness;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The worker processes of one application of one system in a scenario run, all reporting to one
 * {@link DeliveryLog}. {@link #close()} kills whatever still runs, so a failed scenario leaves no process behind.
 */
public final class WorkerGroup implements AutoCloseable {

    private final ConsumerSystem system;
    private final URI kinesisEndpoint;
    private final URI dynamoDbEndpoint;
    private final String stream;
    private final String application;
    private final Path logDir;
    private final DeliveryLog log;
    private final List<WorkerProcess> workers = new ArrayList<>();

    public WorkerGroup(ConsumerSystem system, URI kinesisEndpoint, URI dynamoDbEndpoint, String stream,
                       String application, Path logDir, DeliveryLog log) {
        this.system = system;
        this.kinesisEndpoint = kinesisEndpoint;
        this.dynamoDbEndpoint = dynamoDbEndpoint;
        this.stream = stream;
        this.application = application;
        this.logDir = logDir;
        this.log = log;
    }

    /** Launches one more worker. */
    public synchronized WorkerProcess start(String workerId) {
        List<String> args = new ArrayList<>(
                WorkerOptions.of(kinesisEndpoint, dynamoDbEndpoint, stream, application, workerId).toArgs());
        args.addAll(system.extraArgs());
        WorkerProcess worker = WorkerProcess.launch(workerId, system.workerMain(), args, logDir, log);
        workers.add(worker);
        return worker;
    }

    public DeliveryLog log() {
        return log;
    }

    public synchronized List<WorkerProcess> workers() {
        return List.copyOf(workers);
    }

    /** Diagnostics of every worker, for a failure message. */
    public synchronized String diagnostics() {
        return workers.stream().map(w -> w.diagnostics(40)).collect(Collectors.joining("\n"));
    }

    /**
     * SIGTERM to every live worker, then waits up to {@code grace} for them to exit and kills the rest.
     *
     * @return whether every worker exited by itself
     */
    public boolean stopAll(Duration grace) {
        List<WorkerProcess> live = workers().stream().filter(WorkerProcess::isAlive).toList();
        live.forEach(WorkerProcess::sigterm);
        long deadline = System.nanoTime() + grace.toNanos();
        boolean clean = true;
        for (WorkerProcess worker : live) {
            Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
            if (!worker.awaitExit(left)) {
                clean = false;
                worker.close();
            }
        }
        return clean;
    }

    @Override
    public void close() {
        workers().forEach(WorkerProcess::close);
    }
}
