package io.shardline.testing.sim;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;

/**
 * The one thread and the one clock of a simulation: a queue of tasks ordered by their due virtual time, ties broken by
 * a number drawn from the seed (so two runs of one seed interleave identically, and two seeds differently), run one at
 * a time on the caller's thread. Time only moves when a task is taken (to its due time) or when a running task
 * {@linkplain #block blocks} (a slow store call, a hung processor): then the tasks of every other executor run
 * meanwhile, as they would on their own threads, while the blocked executors wait.
 *
 * <p>Tasks belong to an owner (a worker id, or {@code "world"}); a {@linkplain #pause paused} owner's tasks are held
 * until it {@linkplain #resume resumes}. Not thread-safe: everything runs on the simulation's thread.
 */
public final class VirtualScheduler {

    /** One scheduled task. */
    static final class Task implements Comparable<Task> {
        final VirtualExecutor executor;
        final Runnable body;
        long due;
        final long tie;
        final long seq;
        boolean cancelled;
        boolean done;

        Task(VirtualExecutor executor, Runnable body, long due, long tie, long seq) {
            this.executor = executor;
            this.body = body;
            this.due = due;
            this.tie = tie;
            this.seq = seq;
        }

        @Override
        public int compareTo(Task o) {
            int c = Long.compare(due, o.due);
            if (c != 0) {
                return c;
            }
            c = Long.compare(tie, o.tie);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    private final PriorityQueue<Task> queue = new PriorityQueue<>();
    private final Random random;
    private final Set<String> paused = new HashSet<>();
    private final List<Task> held = new ArrayList<>();
    private final Deque<VirtualExecutor> running = new ArrayDeque<>();
    private final List<Throwable> uncaught = new ArrayList<>();
    private final Deque<Long> blockedUntil = new ArrayDeque<>();
    private long now;
    private long seq;
    private long tasksRun;

    /** A scheduler whose ties are broken by {@code seed}; virtual time starts at {@code startNanos}. */
    public VirtualScheduler(long seed, long startNanos) {
        this.random = new Random(seed);
        this.now = startNanos;
    }

    /** The virtual monotonic time in nanoseconds. */
    public long now() {
        return now;
    }

    /** Tasks run so far. */
    public long tasksRun() {
        return tasksRun;
    }

    /** Exceptions that escaped a task (a bug in the code under test: production executors would lose them). */
    public List<Throwable> uncaught() {
        return List.copyOf(uncaught);
    }

    /** A new executor of {@code owner}, named {@code name}. */
    public VirtualExecutor executor(String owner, String name) {
        return new VirtualExecutor(this, owner, name);
    }

    Task schedule(VirtualExecutor executor, Runnable body, long delayNanos) {
        Task task = new Task(executor, body, now + Math.max(0, delayNanos), random.nextLong(), seq++);
        queue.add(task);
        return task;
    }

    /** The executor whose task runs now ({@code owner/name}), for traces; "-" between tasks. */
    public String current() {
        VirtualExecutor e = running.peek();
        return e == null ? "-" : e.owner() + "/" + e.name();
    }

    /** Holds every task of {@code owner} until {@link #resume}. */
    public void pause(String owner) {
        paused.add(owner);
    }

    /** Releases the held tasks of {@code owner}; those already due run at once (in their order). */
    public void resume(String owner) {
        paused.remove(owner);
        for (var it = held.iterator(); it.hasNext(); ) {
            Task t = it.next();
            if (t.executor.owner().equals(owner)) {
                it.remove();
                t.due = Math.max(t.due, now);
                queue.add(t);
            }
        }
    }

    public boolean isPaused(String owner) {
        return paused.contains(owner);
    }

    /** The due time of the next runnable task, or {@code Long.MAX_VALUE} when there is none. */
    public long nextDue() {
        Task t;
        while ((t = queue.peek()) != null && t.cancelled) {
            queue.poll();
        }
        return t == null ? Long.MAX_VALUE : t.due;
    }

    /**
     * Runs the next task due at or before {@code until} (moving the clock to its due time); returns false, with the
     * clock at {@code until}, when there is none.
     */
    public boolean runNext(long until) {
        Task task = take(until);
        if (task == null) {
            if (until > now) {
                now = until;
            }
            return false;
        }
        run(task);
        return true;
    }

    /**
     * The running task waits {@code nanos} of virtual time (a slow call, a hung callback): meanwhile the tasks of
     * every executor not currently running (on this thread's stack) run, then the clock stands at the end of the
     * wait.
     */
    public void block(long nanos) {
        long until = now + nanos;
        if (!blockedUntil.isEmpty()) {
            // one thread stands for many: a wait nested in another's ends no later than the outer one, which must
            // return at its own time (a block cannot outlast the one it runs inside)
            until = Math.min(until, blockedUntil.peek());
        }
        blockedUntil.push(until);
        try {
            runUntil(until);
        } finally {
            blockedUntil.pop();
        }
    }

    private void runUntil(long until) {
        while (true) {
            Task task = take(until);
            if (task == null) {
                break;
            }
            run(task);
        }
        if (until > now) {
            now = until;
        }
    }

    private Task take(long until) {
        List<Task> busy = null;
        Task found = null;
        while (true) {
            Task t = queue.peek();
            if (t == null || t.due > until) {
                break;
            }
            queue.poll();
            if (t.cancelled) {
                continue;
            }
            if (paused.contains(t.executor.owner())) {
                held.add(t);
                continue;
            }
            if (running.contains(t.executor)) {
                if (busy == null) {
                    busy = new ArrayList<>();
                }
                busy.add(t); // that executor's thread is blocked in a running task: it waits
                continue;
            }
            found = t;
            break;
        }
        if (busy != null) {
            queue.addAll(busy);
        }
        return found;
    }

    private void run(Task task) {
        if (task.due > now) {
            now = task.due;
        }
        task.done = true;
        tasksRun++;
        running.push(task.executor);
        try {
            task.body.run();
        } catch (RuntimeException | AssertionError e) {
            if (e instanceof SimulationFailure failure) {
                throw failure;
            }
            uncaught.add(e);
        } finally {
            running.pop();
            task.executor.finished(task);
        }
    }

    /** Drops every task of {@code executor} (its shutdownNow). */
    void dropAll(VirtualExecutor executor) {
        queue.removeIf(t -> t.executor == executor);
        held.removeIf(t -> t.executor == executor);
    }

    @Override
    public String toString() {
        return "VirtualScheduler{now=" + now + ", queued=" + queue.size() + ", held=" + held.size() + "}";
    }

    static <T> T requireNonNull(T value, String name) {
        return Objects.requireNonNull(value, name);
    }
}
