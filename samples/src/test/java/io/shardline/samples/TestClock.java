package io.shardline.samples;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/** A clock the test moves. */
public final class TestClock implements InstantSource {

    private Instant now = Instant.parse("2024-05-01T12:00:00Z");

    @Override
    public Instant instant() {
        return now;
    }

    public void advance(Duration by) {
        now = now.plus(by);
    }
}
