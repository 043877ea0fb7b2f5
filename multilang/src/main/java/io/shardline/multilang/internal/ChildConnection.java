package io.shardline.multilang.internal;

import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.OptionalInt;

/** The pipes of one started child (a real process, or a fake in tests) and its life. */
public interface ChildConnection {

    /** What the daemon writes: the child's stdin. */
    OutputStream input();

    /** What the child writes for the daemon: its stdout. */
    InputStream output();

    /** The child's stderr. */
    InputStream errors();

    /** Waits up to {@code timeout} for the child to exit; its exit code, or empty while it runs. */
    OptionalInt awaitExit(Duration timeout) throws InterruptedException;

    /** Kills the child (and its descendants) now. */
    void kill();

    /** "pid 123" or the like, for log lines. */
    String describe();

    /** Starts a child for a shard. */
    @FunctionalInterface
    interface Launcher {
        ChildConnection start(String shardId) throws java.io.IOException;
    }
}
