package io.shardline.kcl.internal.consumer;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The lifecycle states of a {@link ShardConsumer} and the table of legal moves between them (see the diagram in
 * {@code package-info.java}). {@link #transitionTo} is the only way to move and rejects an illegal move loudly.
 */
public enum ConsumerState {
    /** Acquired; waits until every parent shard's lease is finished ({@code SHARD_END}) or absent. */
    WAITING_ON_PARENTS,
    /** The processor is created and its {@code initialize} runs (retried after a failure). */
    INITIALIZING,
    /** The fetcher runs; each batch goes to {@code processRecords}. */
    PROCESSING,
    /** The processor gets its last callback: {@code shardEnded}, {@code leaseLost} or {@code shutdownRequested}. */
    SHUTTING_DOWN,
    /** Terminal: fetcher and checkpointer closed; the coordinator was told (handoff complete, or fenced). */
    SHUTDOWN_COMPLETE;

    private static final Map<ConsumerState, Set<ConsumerState>> LEGAL = new EnumMap<>(ConsumerState.class);

    static {
        // Waiting has no processor yet: a stop, or a lease already at SHARD_END, completes at once.
        LEGAL.put(WAITING_ON_PARENTS, EnumSet.of(INITIALIZING, SHUTDOWN_COMPLETE));
        LEGAL.put(INITIALIZING, EnumSet.of(PROCESSING, SHUTTING_DOWN));
        LEGAL.put(PROCESSING, EnumSet.of(SHUTTING_DOWN));
        LEGAL.put(SHUTTING_DOWN, EnumSet.of(SHUTDOWN_COMPLETE));
        LEGAL.put(SHUTDOWN_COMPLETE, EnumSet.noneOf(ConsumerState.class));
    }

    /** The states this one may move to. */
    public Set<ConsumerState> legalNext() {
        return Collections.unmodifiableSet(LEGAL.get(this));
    }

    public boolean canTransitionTo(ConsumerState next) {
        return LEGAL.get(this).contains(next);
    }

    /**
     * @return {@code next}
     * @throws IllegalStateException when the move is not in the table
     */
    public ConsumerState transitionTo(ConsumerState next) {
        if (!canTransitionTo(next)) {
            throw new IllegalStateException("illegal shard consumer transition " + this + " -> " + next
                    + " (legal from " + this + ": " + LEGAL.get(this) + ")");
        }
        return next;
    }

    public boolean isTerminal() {
        return this == SHUTDOWN_COMPLETE;
    }
}
