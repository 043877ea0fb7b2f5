package io.shardline.testing.sim;

/** An invariant of the simulation was broken: the message names it, the seed and the trace that led there. */
public final class SimulationFailure extends AssertionError {

    private final long seed;

    public SimulationFailure(long seed, String message) {
        super(message);
        this.seed = seed;
    }

    public long seed() {
        return seed;
    }
}
