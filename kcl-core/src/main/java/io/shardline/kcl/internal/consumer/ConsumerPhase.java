package io.shardline.kcl.internal.consumer;

import io.shardline.kcl.retrieval.ChildShard;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Where a {@link ShardConsumer} is in its lifecycle, with the data of that phase (diagram in {@code package-info.java}).
 * {@link #state()} is the coarse {@link ConsumerState} that metrics, the status items and tests see;
 * {@link #checkTransition} holds the table of legal moves and rejects any other loudly. A move to the same kind of phase
 * with new data (a waiting child that logged, an initializer that re-read its lease, the next step of a shard end) is
 * legal where the table says so.
 */
sealed interface ConsumerPhase {

    /** The coarse state of this phase. */
    ConsumerState state();

    /**
     * Acquired; waits until every parent shard's lease is finished ({@code SHARD_END}) or absent.
     *
     * @param announced whether the wait was logged (once per consumer)
     */
    record WaitingOnParents(boolean announced) implements ConsumerPhase {
        @Override
        public ConsumerState state() {
            return ConsumerState.WAITING_ON_PARENTS;
        }
    }

    /**
     * The lease is re-read once, the processor created, its {@code initialize} called (each retried after a failure).
     *
     * @param leaseReread whether the lease was re-read and is still held under its token
     * @param run         the processor and its checkpointers once created, else {@code null}
     */
    record Initializing(boolean leaseReread, ProcessorRun run) implements ConsumerPhase {
        @Override
        public ConsumerState state() {
            return ConsumerState.INITIALIZING;
        }
    }

    /**
     * The fetcher runs; each batch goes to {@code processRecords} under the failure policy.
     *
     * @param run the initialized processor, its checkpointers, batch runner and progress
     */
    record Processing(ProcessorRun run) implements ConsumerPhase {
        public Processing {
            Objects.requireNonNull(run, "run");
        }

        @Override
        public ConsumerState state() {
            return ConsumerState.PROCESSING;
        }
    }

    /**
     * Every record of the closed shard was processed; the shard end goes through its {@link EndStep}s in order, each
     * retried until it succeeds.
     *
     * @param run            the processor run
     * @param step           the step to do next
     * @param children       the children reported by the last batch (created in {@link EndStep#CREATE_CHILDREN})
     * @param childLeaseKeys the children's lease keys once created (told to the coordinator at the end)
     */
    record EndingShard(ProcessorRun run, EndStep step, List<ChildShard> children, List<String> childLeaseKeys)
            implements ConsumerPhase {
        public EndingShard {
            Objects.requireNonNull(run, "run");
            Objects.requireNonNull(step, "step");
            children = List.copyOf(children);
            childLeaseKeys = List.copyOf(childLeaseKeys);
        }

        EndingShard next(EndStep nextStep) {
            return new EndingShard(run, nextStep, children, childLeaseKeys);
        }

        /** Whether {@code shardEnded} already returned (a loss after it needs no {@code leaseLost}). */
        boolean processorNotified() {
            return step == EndStep.CHECKPOINT;
        }

        @Override
        public ConsumerState state() {
            return ConsumerState.SHUTTING_DOWN;
        }
    }

    /** The steps of a shard end. */
    enum EndStep {
        /** Record the children on this lease and create their leases (idempotent; a failure is left to the sync). */
        CREATE_CHILDREN,
        /** {@code shardEnded} (retried until it returns). */
        NOTIFY_PROCESSOR,
        /** {@code SHARD_END} checkpointed unless the processor did (retried), then the coordinator is told. */
        CHECKPOINT
    }

    /**
     * A stop (lease lost, fenced, graceful handoff) while initializing or processing: the processor's last callback
     * ({@code leaseLost} or {@code shutdownRequested}) runs in this phase, then the consumer is done.
     *
     * @param reason {@code LEASE_LOST} or {@code REQUESTED}
     * @param run    the processor run, or {@code null} when none was created
     */
    record Stopping(ShutdownReason reason, ProcessorRun run) implements ConsumerPhase {
        public Stopping {
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public ConsumerState state() {
            return ConsumerState.SHUTTING_DOWN;
        }
    }

    /**
     * Terminal: fetcher and checkpointer closed; the coordinator was told (handoff complete, or fenced).
     *
     * @param reason why the consumer ended
     */
    record Done(ShutdownReason reason) implements ConsumerPhase {
        public Done {
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public ConsumerState state() {
            return ConsumerState.SHUTDOWN_COMPLETE;
        }
    }

    /** The legal moves, by kind of phase (a kind listed for itself may be replaced with new data). */
    Map<Class<? extends ConsumerPhase>, Set<Class<? extends ConsumerPhase>>> LEGAL = Map.of(
            WaitingOnParents.class, Set.of(WaitingOnParents.class, Initializing.class, Done.class),
            Initializing.class, Set.of(Initializing.class, Processing.class, Stopping.class),
            Processing.class, Set.of(EndingShard.class, Stopping.class),
            EndingShard.class, Set.of(EndingShard.class, Done.class),
            Stopping.class, Set.of(Done.class),
            Done.class, Set.of());

    /**
     * @return {@code next}
     * @throws IllegalStateException when the move is not in {@link #LEGAL}
     */
    static ConsumerPhase checkTransition(ConsumerPhase from, ConsumerPhase next) {
        Objects.requireNonNull(next, "next");
        if (!LEGAL.get(from.getClass()).contains(next.getClass())) {
            throw new IllegalStateException("illegal shard consumer transition " + from + " -> " + next
                    + " (legal from " + from.getClass().getSimpleName() + ": "
                    + LEGAL.get(from.getClass()).stream().map(Class::getSimpleName).sorted().toList() + ")");
        }
        return next;
    }

    /** The short name of this kind of phase, for log lines. */
    default String kind() {
        return getClass().getSimpleName();
    }
}
