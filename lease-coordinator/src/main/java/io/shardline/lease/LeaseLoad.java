package io.shardline.lease;

/**
 * What one lease costs its holder, as its holder last reported it (generic: the coordinator does not know what a
 * record is). Rates are smoothed by the leader over the last reports ({@link LoadReading#smoothing()}).
 *
 * @param recordsPerSecond   records consumed per second ({@code >= 0})
 * @param bytesPerSecond     payload bytes consumed per second ({@code >= 0})
 * @param millisBehindLatest how far the holder's last read was behind the tip, ms ({@code -1}: not known)
 */
public record LeaseLoad(double recordsPerSecond, double bytesPerSecond, long millisBehindLatest) {

    /** Checks the rates (finite, not negative). */
    public LeaseLoad {
        if (!(recordsPerSecond >= 0) || Double.isInfinite(recordsPerSecond)) {
            throw new IllegalArgumentException("recordsPerSecond must be finite and >= 0, was " + recordsPerSecond);
        }
        if (!(bytesPerSecond >= 0) || Double.isInfinite(bytesPerSecond)) {
            throw new IllegalArgumentException("bytesPerSecond must be finite and >= 0, was " + bytesPerSecond);
        }
    }
}
