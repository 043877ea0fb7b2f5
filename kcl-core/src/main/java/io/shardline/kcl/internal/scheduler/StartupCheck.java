package io.shardline.kcl.internal.scheduler;

import java.time.Duration;

/**
 * What {@link DefaultScheduler#start()} verifies before it creates anything: both services answer and the stream
 * exists. Throws {@link io.shardline.kcl.StartupException} otherwise. Tests with in-memory stores use {@link #NONE}.
 */
@FunctionalInterface
public interface StartupCheck {

    /** Verifies nothing. */
    StartupCheck NONE = timeout -> { };

    /** Returns when both services answered within {@code timeout}; throws a {@code StartupException} otherwise. */
    void verify(Duration timeout);
}
