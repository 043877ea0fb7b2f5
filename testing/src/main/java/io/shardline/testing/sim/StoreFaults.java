package io.shardline.testing.sim;

/**
 * What a simulated store call suffers, decided per call (from the simulation's seed): nothing, a delay (the calling
 * thread blocks while the rest of the simulation runs on), an error before the call, or, for a write, a lost response
 * (the write is applied, the caller gets an error).
 */
public interface StoreFaults {

    /** No faults. */
    StoreFaults NONE = new StoreFaults() {
        @Override
        public void beforeCall(String worker, String operation) {
        }

        @Override
        public boolean loseResponse(String worker, String operation) {
            return false;
        }
    };

    /** Before {@code worker}'s call of {@code operation}: may block (virtual time) or throw to fail it. */
    void beforeCall(String worker, String operation);

    /** After {@code worker}'s write {@code operation} was applied: true to answer with an error instead. */
    boolean loseResponse(String worker, String operation);
}
