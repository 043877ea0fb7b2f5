package io.shardline.testing.consumer;

import io.shardline.checkpoint.CheckpointResult;
import io.shardline.checkpoint.ExtendedSequenceNumber;
import io.shardline.kcl.InitializationInput;
import io.shardline.kcl.KinesisClientRecord;
import io.shardline.kcl.ShardRecordProcessorFactory;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What every processor of a test did, across workers and lease sessions (one session per processor instance): each
 * record processed, each initialization, each checkpoint result, each callback. Thread-safe; the assertions read
 * snapshots.
 */
final class Ledger {

    /** One user record processed by one session. */
    record Entry(String worker, int session, String shardId, String partitionKey, String data,
            ExtendedSequenceNumber position, boolean aggregated) {
    }

    /** A session's start. */
    record Start(String worker, int session, String shardId, InitializationInput input) {
    }

    /** A checkpoint a session attempted, and its outcome. */
    record CheckpointEvent(String worker, int session, String shardId, ExtendedSequenceNumber position,
            CheckpointResult result) {
    }

    /** A callback a session got. */
    record Call(String worker, int session, String shardId, String callback) {
    }

    private final AtomicInteger sessions = new AtomicInteger();
    final List<Entry> entries = new CopyOnWriteArrayList<>();
    final List<Start> starts = new CopyOnWriteArrayList<>();
    final List<CheckpointEvent> checkpoints = new CopyOnWriteArrayList<>();
    final List<Call> calls = new CopyOnWriteArrayList<>();

    /** Processors for {@code worker} that checkpoint the last record of every batch. */
    ShardRecordProcessorFactory processors(String worker) {
        return processors(worker, records -> records.get(records.size() - 1).extendedSequenceNumber());
    }

    /**
     * Processors for {@code worker} that, after each batch, checkpoint the position {@code policy} picks from the
     * batch's records (null: no checkpoint); they also checkpoint in {@code shutdownRequested} and {@code shardEnded}.
     */
    ShardRecordProcessorFactory processors(String worker,
            Function<List<KinesisClientRecord>, ExtendedSequenceNumber> policy) {
        return shardId -> new LedgerProcessor(this, worker, sessions.incrementAndGet(), shardId, policy);
    }

    // ----- queries -----

    /** Distinct user records processed, by position. */
    long distinctProcessed() {
        return entries.stream().map(Entry::position).distinct().count();
    }

    /** Positions processed more than once, with their count. */
    Map<ExtendedSequenceNumber, Long> duplicates() {
        return entries.stream().collect(Collectors.groupingBy(Entry::position, Collectors.counting()))
                .entrySet().stream().filter(e -> e.getValue() > 1)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    /** For each partition key, the positions in the order they were processed (all sessions). */
    Map<String, List<ExtendedSequenceNumber>> positionsByKey() {
        Map<String, List<ExtendedSequenceNumber>> byKey = new LinkedHashMap<>();
        entries.forEach(e -> byKey.computeIfAbsent(e.partitionKey(), k -> new ArrayList<>()).add(e.position()));
        return byKey;
    }

    /** For each session, its positions per partition key in processing order. */
    Map<Integer, Map<String, List<ExtendedSequenceNumber>>> positionsBySessionAndKey() {
        Map<Integer, Map<String, List<ExtendedSequenceNumber>>> out = new HashMap<>();
        entries.forEach(e -> out.computeIfAbsent(e.session(), s -> new LinkedHashMap<>())
                .computeIfAbsent(e.partitionKey(), k -> new ArrayList<>()).add(e.position()));
        return out;
    }

    /** Entries of one worker. */
    List<Entry> entriesOf(String worker) {
        return entries.stream().filter(e -> e.worker().equals(worker)).toList();
    }

    /** The shards a worker processed records of. */
    Set<String> shardsOf(String worker) {
        return entriesOf(worker).stream().map(Entry::shardId).collect(Collectors.toSet());
    }

    /** The last successful checkpoint a worker wrote for a shard. */
    Optional<ExtendedSequenceNumber> lastCheckpoint(String worker, String shardId) {
        return checkpoints.stream()
                .filter(c -> c.worker().equals(worker) && c.shardId().equals(shardId) && c.result().isOk())
                .map(CheckpointEvent::position)
                .max(Comparator.naturalOrder());
    }

    /** The latest start of a shard by a worker. */
    Optional<Start> lastStart(String worker, String shardId) {
        return starts.stream().filter(s -> s.worker().equals(worker) && s.shardId().equals(shardId))
                .reduce((first, second) -> second);
    }

    /** The callbacks a session got, in order. */
    List<String> callsOf(int session) {
        return calls.stream().filter(c -> c.session() == session).map(Call::callback).toList();
    }

    // ----- recording, from the processors -----

    void processed(String worker, int session, String shardId, KinesisClientRecord record) {
        entries.add(new Entry(worker, session, shardId, record.partitionKey(),
                new String(record.dataAsBytes(), StandardCharsets.UTF_8), record.extendedSequenceNumber(),
                record.aggregated()));
    }

    void started(String worker, int session, String shardId, InitializationInput input) {
        starts.add(new Start(worker, session, shardId, input));
    }

    void checkpointed(String worker, int session, String shardId, ExtendedSequenceNumber position,
            CheckpointResult result) {
        checkpoints.add(new CheckpointEvent(worker, session, shardId, position, result));
    }

    void called(String worker, int session, String shardId, String callback) {
        calls.add(new Call(worker, session, shardId, callback));
    }

    /** The numeric value of a sequence number, for readable failure messages. */
    static BigInteger numeric(ExtendedSequenceNumber position) {
        return new BigInteger(position.sequenceNumber());
    }
}
