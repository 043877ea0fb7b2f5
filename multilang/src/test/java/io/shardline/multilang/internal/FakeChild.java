package io.shardline.multilang.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * An in-process child: the test reads what the daemon wrote ({@link #receive()}) and writes the child's lines
 * ({@link #send(String)}), over NIO pipes (no thread-liveness checks, unlike piped streams).
 */
final class FakeChild implements ChildConnection {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Duration RECEIVE_TIMEOUT = Duration.ofSeconds(20);

    private final Pipe toChild;
    private final Pipe fromChild;
    private final Pipe errorsFromChild;
    private final BufferedReader childReads;
    private final OutputStream childWrites;
    private final OutputStream childErrors;
    private final CountDownLatch exited = new CountDownLatch(1);
    private volatile int exitCode = -1;
    private final int number;

    FakeChild(int number) {
        this.number = number;
        try {
            toChild = Pipe.open();
            fromChild = Pipe.open();
            errorsFromChild = Pipe.open();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        childReads = new BufferedReader(new InputStreamReader(Channels.newInputStream(toChild.source()),
                StandardCharsets.UTF_8));
        childWrites = Channels.newOutputStream(fromChild.sink());
        childErrors = Channels.newOutputStream(errorsFromChild.sink());
    }

    /** The next message the daemon wrote; fails after a generous deadline. Null when the daemon closed stdin. */
    JsonNode receive() {
        try {
            String line = Awaits.within(RECEIVE_TIMEOUT, childReads::readLine);
            return line == null ? null : MAPPER.readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void send(String line) {
        write(childWrites, line);
    }

    void stderr(String line) {
        write(childErrors, line);
    }

    /** The child exits: its pipes close. */
    void exit(int code) {
        exitCode = code;
        try {
            childWrites.close();
            childErrors.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        exited.countDown();
    }

    boolean killed() {
        return exitCode == 137;
    }

    private static void write(OutputStream out, String line) {
        try {
            out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public OutputStream input() {
        return Channels.newOutputStream(toChild.sink());
    }

    @Override
    public InputStream output() {
        return Channels.newInputStream(fromChild.source());
    }

    @Override
    public InputStream errors() {
        return Channels.newInputStream(errorsFromChild.source());
    }

    @Override
    public OptionalInt awaitExit(Duration timeout) throws InterruptedException {
        return exited.await(timeout.toMillis(), TimeUnit.MILLISECONDS) ? OptionalInt.of(exitCode)
                : OptionalInt.empty();
    }

    @Override
    public void kill() {
        if (exited.getCount() > 0) {
            exit(137);
        }
    }

    @Override
    public String describe() {
        return "fake child " + number;
    }
}
