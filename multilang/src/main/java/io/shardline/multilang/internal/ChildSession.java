package io.shardline.multilang.internal;

import io.shardline.multilang.internal.ChildMessages.CheckpointRequest;
import io.shardline.multilang.internal.ChildMessages.CheckpointResponse;
import io.shardline.multilang.internal.ChildMessages.FromChild;
import io.shardline.multilang.internal.ChildMessages.Status;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One running child of one shard, and the protocol's turn-taking with it: the daemon writes one message, then reads
 * the child's lines until the child's {@code status} for that message, answering each {@code checkpoint} request on
 * the way. Exactly one message is outstanding at a time (the protocol's back-pressure).
 *
 * <p>Two daemon threads per child: one reads stdout into a queue ({@code shardline-multilang-out-<shard>}), one copies
 * stderr to the log with the shard id ({@code shardline-multilang-err-<shard>}, logger
 * {@code io.shardline.multilang.child}, INFO). The callback thread waits on the queue, at most {@code timeout} for
 * each line of the child (none: no limit, as KCL's default). The end of the child's stdout (it exited or closed it),
 * a missing answer within the time, a status for another action, or a failed write is a {@link ChildFailureException}:
 * never treated as progress.
 */
final class ChildSession {

    private static final Logger log = LoggerFactory.getLogger(ChildSession.class);
    private static final Logger childLog = LoggerFactory.getLogger("io.shardline.multilang.child");
    private static final Duration EXIT_CODE_WAIT = Duration.ofSeconds(2);

    /** Answers one checkpoint request of the child. */
    @FunctionalInterface
    interface CheckpointHandler {
        CheckpointResponse handle(CheckpointRequest request);
    }

    private sealed interface Event permits Line, EndOfOutput {
    }

    private record Line(FromChild message) implements Event {
    }

    private record EndOfOutput(String reason) implements Event {
    }

    private final String shardId;
    private final ChildConnection connection;
    private final Duration timeout;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final OutputStream input;
    private boolean failed;

    private ChildSession(String shardId, ChildConnection connection, Duration timeout) {
        this.shardId = shardId;
        this.connection = connection;
        this.timeout = timeout;
        this.input = connection.input();
    }

    /** Starts reading the child's stdout and stderr. {@code timeout} null: wait for the child without limit. */
    static ChildSession start(String shardId, ChildConnection connection, Duration timeout) {
        ChildSession session = new ChildSession(shardId, connection, timeout);
        thread("shardline-multilang-out-" + shardId, () -> session.readOutput(connection.output()));
        thread("shardline-multilang-err-" + shardId, () -> session.copyErrors(connection.errors()));
        return session;
    }

    String describe() {
        return connection.describe();
    }

    /**
     * Writes {@code message} and waits for the child's status for {@code action}, answering checkpoint requests with
     * {@code checkpoints} meanwhile.
     *
     * @throws ChildFailureException when the child fails (the session is then unusable: {@link #kill()} it)
     */
    void exchange(Object message, String action, CheckpointHandler checkpoints) {
        if (failed) {
            throw new ChildFailureException(shardId, "used after a failure (" + action + ")");
        }
        try {
            write(message, action);
            while (true) {
                FromChild reply = next(action);
                if (reply instanceof CheckpointRequest request) {
                    write(checkpoints.handle(request), "checkpoint response");
                } else if (reply instanceof Status status) {
                    if (!action.equals(status.responseFor())) {
                        throw new ChildFailureException(shardId, "answered status for '" + status.responseFor()
                                + "' while '" + action + "' was outstanding (" + describe() + ")");
                    }
                    return;
                }
            }
        } catch (ChildFailureException e) {
            failed = true;
            throw e;
        }
    }

    /** Closes the child's stdin and waits up to {@code grace} for it to exit; kills it after that. */
    void finish(Duration grace) {
        try {
            input.close();
        } catch (IOException e) {
            log.debug("closing the stdin of the child of shard {}: {}", shardId, e.toString());
        }
        try {
            OptionalInt code = connection.awaitExit(grace);
            if (code.isPresent()) {
                log.info("Child process of shard {} ({}) exited with code {}", shardId, describe(), code.getAsInt());
            } else {
                log.warn("Child process of shard {} ({}) did not exit within {} after its stdin closed; killing it",
                        shardId, describe(), grace);
                connection.kill();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            connection.kill();
        }
    }

    /** Kills the child at once. */
    void kill() {
        failed = true;
        connection.kill();
    }

    private void write(Object message, String what) {
        try {
            input.write((ChildMessages.toLine(message) + "\n").getBytes(StandardCharsets.UTF_8));
            input.flush();
        } catch (IOException e) {
            throw new ChildFailureException(shardId, "cannot write " + what + " (" + describe() + "): "
                    + e.getMessage() + exitNote(), e);
        }
    }

    private FromChild next(String action) {
        Event event;
        try {
            event = timeout == null ? events.take() : events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChildFailureException(shardId, "interrupted while waiting for the answer to " + action, e);
        }
        if (event == null) {
            throw new ChildFailureException(shardId, "did not answer '" + action + "' within " + timeout
                    + " (timeoutInSeconds; " + describe() + ")");
        }
        if (event instanceof EndOfOutput end) {
            events.add(end);
            throw new ChildFailureException(shardId, "ended its output (" + end.reason() + ") while '" + action
                    + "' was outstanding" + exitNote());
        }
        return ((Line) event).message();
    }

    private String exitNote() {
        try {
            OptionalInt code = connection.awaitExit(EXIT_CODE_WAIT);
            return code.isPresent() ? "; it exited with code " + code.getAsInt() : "; it is still running";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private void readOutput(InputStream output) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(output, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                try {
                    Optional<FromChild> message = ChildMessages.parse(line);
                    if (message.isPresent()) {
                        events.add(new Line(message.get()));
                    } else if (!line.isBlank()) {
                        log.warn("Skipping a line of the child of shard {} on stdout that is not a protocol message"
                                + " (write logs to stderr): {}", shardId, line);
                    }
                } catch (IllegalArgumentException e) {
                    events.add(new EndOfOutput("protocol error: " + e.getMessage()));
                    return;
                }
            }
            events.add(new EndOfOutput("end of stdout"));
        } catch (IOException e) {
            events.add(new EndOfOutput("stdout failed: " + e.getMessage()));
        }
    }

    private void copyErrors(InputStream errors) {
        MDC.put("shardId", shardId);
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(errors, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                childLog.info("[{}] {}", shardId, line);
            }
        } catch (IOException e) {
            log.debug("stderr of the child of shard {} closed: {}", shardId, e.toString());
        }
    }

    private static void thread(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
    }
}
