package io.shardline.samples.demo;

import io.shardline.samples.common.ShardActivity;
import java.util.ArrayDeque;
import java.util.List;

/**
 * What the demo knows about one worker: its process, its state, and the last status line it printed. The status is
 * written by the worker's output thread; everything else only by the demo's main thread.
 */
final class WorkerView {

    enum State { STARTING, RUNNING, KILLED, STOPPING, STOPPED, EXITED }

    private static final long RATE_WINDOW_NANOS = 2_000_000_000L;

    private final String name;
    private final ArrayDeque<long[]> samples = new ArrayDeque<>();
    private volatile ShardActivity.Status status = new ShardActivity.Status(0, -1, List.of());
    private volatile boolean reported;
    private ChildJvm jvm;
    private State state = State.STARTING;
    private double killedAt = -1;

    WorkerView(String name) {
        this.name = name;
    }

    /** A line the worker printed: status lines update the view, the rest is ignored. */
    void onLine(String line) {
        ShardActivity.Status.parse(line).ifPresent(s -> {
            status = s;
            reported = true;
        });
    }

    String name() {
        return name;
    }

    ChildJvm jvm() {
        return jvm;
    }

    void started(ChildJvm jvm) {
        this.jvm = jvm;
    }

    State state() {
        if (state == State.STARTING && reported) {
            state = State.RUNNING;
        }
        if ((state == State.STARTING || state == State.RUNNING) && jvm != null && !jvm.isAlive()) {
            state = State.EXITED; // on its own: it failed
        }
        return state;
    }

    void killed(double elapsedSeconds) {
        state = State.KILLED;
        killedAt = elapsedSeconds;
    }

    double killedAt() {
        return killedAt;
    }

    void stopping() {
        state = State.STOPPING;
    }

    void stopped() {
        state = State.STOPPED;
    }

    boolean alive() {
        return state != State.KILLED && state != State.STOPPED && state != State.EXITED;
    }

    ShardActivity.Status status() {
        return status;
    }

    /** Records per second over the last two seconds; call once per frame. */
    double rate(long nowNanos) {
        long processed = status.processed();
        samples.addLast(new long[] {nowNanos, processed});
        while (samples.size() > 2 && nowNanos - samples.peekFirst()[0] > RATE_WINDOW_NANOS) {
            samples.removeFirst();
        }
        long[] first = samples.peekFirst();
        double seconds = (nowNanos - first[0]) / 1e9;
        return seconds <= 0 || !alive() ? 0 : (processed - first[1]) / seconds;
    }
}
