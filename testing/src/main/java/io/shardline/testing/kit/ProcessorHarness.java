package io.shardline.testing.kit;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shardline.checkpoint.CheckpointResult;
import io.shardline.checkpoint.CheckpointerConfig;
import io.shardline.checkpoint.Checkpointers;
import io.shardline.checkpoint.ExtendedSequenceNumber;
import io.shardline.checkpoint.ShardCheckpointer;
import io.shardline.kcl.InitializationInput;
import io.shardline.kcl.KinesisClientRecord;
import io.shardline.kcl.LeaseLostInput;
import io.shardline.kcl.ProcessRecordsInput;
import io.shardline.kcl.ShardEndedInput;
import io.shardline.kcl.ShardRecordProcessor;
import io.shardline.kcl.ShardRecordProcessorFactory;
import io.shardline.kcl.ShutdownRequestedInput;
import io.shardline.lease.Lease;
import io.shardline.lease.WriteResult;
import io.shardline.lease.testing.InMemoryLeaseStore;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Drives one {@link ShardRecordProcessor} through its lifecycle in the test's own thread, the way a shard consumer
 * would, with real fenced checkpoints on an in-memory lease table: fast unit tests of an application's processor,
 * no AWS, no threads, no waiting.
 *
 * <pre>{@code
 * ProcessorHarness shard = ProcessorHarness.start(myProcessors);      // initialize, from TRIM_HORIZON
 * shard.deliver("user-1", "a", "user-2", "b");                         // processRecords with two records
 * shard.requestShutdown();                                             // shutdownRequested: it must checkpoint
 * assertThat(shard.checkpoint()).contains(shard.delivered().get(1).extendedSequenceNumber());
 * }</pre>
 *
 * <p>Like the scheduler, it checkpoints {@code SHARD_END} itself when the processor returns from {@code shardEnded}
 * without doing so, and closes the checkpointer before {@code leaseLost} (a checkpoint there throws). Exceptions thrown
 * by the processor reach the test. Not thread-safe.
 */
public final class ProcessorHarness {

    /** The shard (and lease key) the harness feeds. */
    public static final String SHARD_ID = "shardId-000000000000";
    /** The worker that holds the lease. */
    public static final String WORKER = "harness-worker";

    private final InMemoryLeaseStore store = InMemoryLeaseStore.create("harness-leases");
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ShardRecordProcessor processor;
    private final ShardCheckpointer checkpointer;
    private final HarnessCheckpointer view;
    private final List<KinesisClientRecord> delivered = new ArrayList<>();
    private BigInteger nextSequence = new BigInteger("49600000000000000000000000000000000000000000000000000000");
    private boolean finished;

    private ProcessorHarness(ShardRecordProcessorFactory processors, ExtendedSequenceNumber checkpoint,
            byte[] state) {
        Lease initial = Lease.unowned(SHARD_ID);
        if (checkpoint != null) {
            initial = initial.withCheckpoint(checkpoint.toCheckpoint()).withState(state);
            if (!checkpoint.isSentinel()) {
                nextSequence = new BigInteger(checkpoint.sequenceNumber()).add(BigInteger.ONE);
            }
        }
        store.createIfAbsent(initial);
        Lease acquired = ((WriteResult.Ok) store.transfer(initial.token(), WORKER)).lease();
        this.checkpointer = Checkpointers.fenced(store, CheckpointerConfig.defaults(), registry)
                .create(acquired, ExtendedSequenceNumber.trimHorizon(), key -> { });
        this.view = new HarnessCheckpointer(checkpointer);
        this.processor = Objects.requireNonNull(processors.create(SHARD_ID), "the factory returned null");
        processor.initialize(new InitializationInput(SHARD_ID, checkpoint != null ? checkpoint
                : ExtendedSequenceNumber.trimHorizon(), state, null, null));
    }

    /** A processor from {@code processors}, initialized on a lease without checkpoint (TRIM_HORIZON). */
    public static ProcessorHarness start(ShardRecordProcessorFactory processors) {
        return new ProcessorHarness(processors, null, null);
    }

    /**
     * A processor initialized on a lease that was checkpointed at {@code checkpoint} with {@code state}, as the next
     * owner after a failover or handoff would be. Records delivered next continue after {@code checkpoint}.
     */
    public static ProcessorHarness resume(ShardRecordProcessorFactory processors, ExtendedSequenceNumber checkpoint,
            byte[] state) {
        return new ProcessorHarness(processors, Objects.requireNonNull(checkpoint, "checkpoint"), state);
    }

    /** Delivers one batch of plain records, given as partition key, data (UTF-8), key, data, ... */
    public ProcessorHarness deliver(String... keysAndData) {
        if (keysAndData.length == 0 || keysAndData.length % 2 != 0) {
            throw new IllegalArgumentException("give partition keys and data in pairs, got " + keysAndData.length);
        }
        List<KinesisClientRecord> batch = new ArrayList<>();
        for (int i = 0; i < keysAndData.length; i += 2) {
            batch.add(KinesisClientRecord.plain(keysAndData[i], nextSequence.toString(), Instant.now(),
                    ByteBuffer.wrap(keysAndData[i + 1].getBytes(StandardCharsets.UTF_8))));
            nextSequence = nextSequence.add(BigInteger.ONE);
        }
        return deliver(batch);
    }

    /** Delivers one batch of records (sequence numbers must increase across batches). */
    public ProcessorHarness deliver(List<KinesisClientRecord> batch) {
        requireRunning();
        if (batch.isEmpty()) {
            throw new IllegalArgumentException("a batch has at least one record");
        }
        checkpointer.recordDelivered(batch.get(batch.size() - 1).extendedSequenceNumber());
        delivered.addAll(batch);
        processor.processRecords(new ProcessRecordsInput(batch, view, 0, false));
        return this;
    }

    /** The shard ended: {@code shardEnded}, then {@code SHARD_END} if the processor did not checkpoint it. */
    public ProcessorHarness endShard() {
        requireRunning();
        finished = true;
        checkpointer.shardEnded();
        processor.shardEnded(new ShardEndedInput(SHARD_ID, view));
        if (!checkpointer.lastCheckpoint().map(ExtendedSequenceNumber::isShardEnd).orElse(false)) {
            checkpointer.checkpoint(ExtendedSequenceNumber.shardEnd());
        }
        checkpointer.close();
        return this;
    }

    /** A graceful handoff: {@code shutdownRequested}; the processor should checkpoint. */
    public ProcessorHarness requestShutdown() {
        requireRunning();
        finished = true;
        processor.shutdownRequested(new ShutdownRequestedInput(SHARD_ID, view));
        checkpointer.close();
        return this;
    }

    /** The lease is lost: {@code leaseLost}, with the checkpointer already closed. */
    public ProcessorHarness loseLease() {
        requireRunning();
        finished = true;
        checkpointer.close();
        processor.leaseLost(new LeaseLostInput(SHARD_ID));
        return this;
    }

    /**
     * Another worker takes the lease over without telling this one (it is a zombie now): the processor's next
     * checkpoint returns {@link CheckpointResult.LeaseLost}.
     */
    public ProcessorHarness takeLeaseOver() {
        Lease current = lease();
        store.transfer(current.token(), "another-worker");
        return this;
    }

    /** The lease row as it is now (checkpoint, state, owner). */
    public Lease lease() {
        return store.get(SHARD_ID).orElseThrow();
    }

    /** The committed checkpoint in the lease table, if any. */
    public Optional<ExtendedSequenceNumber> checkpoint() {
        return Optional.ofNullable(lease().checkpoint()).map(ExtendedSequenceNumber::fromCheckpoint);
    }

    /** The application state stored with the checkpoint, or null. */
    public byte[] state() {
        return lease().state();
    }

    /** Every record delivered so far, in order. */
    public List<KinesisClientRecord> delivered() {
        return List.copyOf(delivered);
    }

    /** The checkpoint meters ({@code shardline.checkpoint.*}). */
    public SimpleMeterRegistry meters() {
        return registry;
    }

    private void requireRunning() {
        if (finished) {
            throw new IllegalStateException("the processor already got its last callback");
        }
    }
}
