package io.shardline.tools;

import io.shardline.lease.Checkpoint;
import io.shardline.lease.Lease;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.GetShardIteratorRequest;
import software.amazon.awssdk.services.kinesis.model.ListShardsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * Computes a reset: the checkpoint every shard of the stream's graph gets so that consumption restarts at the target
 * and never skips or reorders. Reads the shards (ListShards, closed ones within retention included) and, for a
 * timestamp, a few records per shard. Writes nothing.
 *
 * <p>A checkpoint means "resume after this", so "start at the first record at or after T" is written as the last
 * Kinesis record that arrived before T, with sub-sequence number {@value #AFTER_EVERY_USER_RECORD} (after every user
 * record of that record, aggregated or not), or {@code TRIM_HORIZON} when the shard has no record before T. That record
 * is found by reading backwards in doubling windows (AT_TIMESTAMP T-1 s, T-2 s, T-4 s, ... up to T): a busy shard
 * reads a second of data, a quiet one a few calls. A shard whose every record is before T and that is closed gets
 * {@code SHARD_END}. Children wait for their parents to finish (the consumer's lineage rule), so a parent reset to T
 * is read again to its end before its children start, each child from its own first record at or after T (shards
 * created after T: from their start).
 */
final class ResetPlanner {

    static final long AFTER_EVERY_USER_RECORD = Long.MAX_VALUE;

    /** The target of a reset. */
    sealed interface Target permits TrimHorizon, Latest, AtTimestamp, AfterSequence {
        static Target parse(String text) {
            if (text.equals("trim-horizon")) {
                return new TrimHorizon();
            }
            if (text.equals("latest")) {
                return new Latest();
            }
            if (text.startsWith("timestamp=")) {
                try {
                    return new AtTimestamp(Instant.parse(text.substring("timestamp=".length())));
                } catch (RuntimeException e) {
                    throw new IllegalArgumentException("--to " + text + ": not an ISO-8601 instant "
                            + "(e.g. timestamp=2026-12-01T14:00:00Z)");
                }
            }
            if (text.startsWith("sequence=") && text.indexOf(':') > "sequence=".length()) {
                String rest = text.substring("sequence=".length());
                int colon = rest.indexOf(':');
                String seq = rest.substring(colon + 1);
                if (!seq.matches("\\d{1,128}")) {
                    throw new IllegalArgumentException("--to " + text + ": the sequence number must be digits");
                }
                return new AfterSequence(rest.substring(0, colon), seq);
            }
            throw new IllegalArgumentException("--to " + text + ": expected trim-horizon, latest, "
                    + "timestamp=<ISO-8601 instant> or sequence=<shardId>:<sequenceNumber>");
        }
    }

    record TrimHorizon() implements Target {
    }

    record Latest() implements Target {
    }

    record AtTimestamp(Instant at) implements Target {
    }

    /** One shard resumes after {@code sequenceNumber}; its descendants run again after it. */
    record AfterSequence(String shardId, String sequenceNumber) implements Target {
    }

    /** One shard's line of the plan. */
    record Step(String shardId, List<String> parents, boolean open, boolean leaseExists, String owner,
            String from, String to, String why) {
        boolean changes() {
            return !leaseExists || !to.equals(from);
        }
    }

    private final KinesisAsyncClient kinesis;
    private final String stream;
    private final PrintWriter progress;

    ResetPlanner(KinesisAsyncClient kinesis, String stream, PrintWriter progress) {
        this.kinesis = kinesis;
        this.stream = stream;
        this.progress = progress;
    }

    private Map<String, Shard> lastShards = Map.of();

    /** The shards the last plan saw. */
    Map<String, Shard> shards() {
        return lastShards;
    }

    List<Step> plan(Target target, Map<String, Lease> leases) {
        Map<String, Shard> shards = listShards();
        lastShards = shards;
        List<Step> steps = new ArrayList<>();
        Set<String> descendants = target instanceof AfterSequence a ? descendantsOf(a.shardId(), shards, leases)
                : Set.of();
        if (target instanceof AfterSequence a && !shards.containsKey(a.shardId()) && !leases.containsKey(a.shardId())) {
            throw new IllegalArgumentException("--to sequence=" + a.shardId() + ":...: no shard " + a.shardId()
                    + " in " + stream + " or its lease table");
        }
        int done = 0;
        for (Shard shard : shards.values()) {
            if (Thread.currentThread().isInterrupted()) {
                throw new IllegalStateException("interrupted while planning; nothing was written");
            }
            Lease lease = leases.get(shard.shardId());
            boolean open = shard.sequenceNumberRange().endingSequenceNumber() == null;
            String from = lease == null || lease.checkpoint() == null ? null : lease.checkpoint().toString();
            String[] to;
            if (target instanceof TrimHorizon) {
                to = new String[] {"TRIM_HORIZON", "read again from the start"};
            } else if (target instanceof Latest) {
                to = open ? new String[] {"LATEST", "open: only records put from now on"}
                        : new String[] {"SHARD_END", "closed: nothing new can arrive"};
            } else if (target instanceof AtTimestamp at) {
                to = atTimestamp(shard, open, at.at());
            } else {
                AfterSequence a = (AfterSequence) target;
                to = a.shardId().equals(shard.shardId())
                        ? new String[] {a.sequenceNumber(), "resumes after this sequence number"}
                        : descendants.contains(shard.shardId())
                        ? new String[] {"TRIM_HORIZON", "descendant of " + a.shardId() + ": again after it"}
                        : new String[] {from == null ? "-" : from, "unchanged"};
            }
            if (to[0].equals("-")) {
                continue; // not part of this reset and no lease: left alone
            }
            steps.add(new Step(shard.shardId(), List.copyOf(FleetReader.parentsOf(shard)), open, lease != null,
                    lease == null ? null : lease.owner(), from, to[0], to[1]));
            progress.printf("\rplanning: %d/%d shards", ++done, shards.size());
            progress.flush();
        }
        progress.println();
        return steps;
    }

    private String[] atTimestamp(Shard shard, boolean open, Instant at) {
        Record first = firstRecord(shard.shardId(), iterator(shard.shardId(), ShardIteratorType.TRIM_HORIZON, null));
        if (first == null) {
            return open ? new String[] {"TRIM_HORIZON", "no records yet: everything it will get"}
                    : new String[] {"SHARD_END", "closed, no records within retention"};
        }
        if (!first.approximateArrivalTimestamp().isBefore(at)) {
            return new String[] {"TRIM_HORIZON", "every record is at or after " + at};
        }
        for (Duration window = Duration.ofSeconds(1); ; window = window.multipliedBy(2)) {
            Instant from = at.minus(window);
            String it = from.isAfter(first.approximateArrivalTimestamp())
                    ? iterator(shard.shardId(), ShardIteratorType.AT_TIMESTAMP, from)
                    : iterator(shard.shardId(), ShardIteratorType.TRIM_HORIZON, null);
            Record last = lastBefore(it, at);
            if (last != null) {
                boolean anyAfter = open || hasRecordAtOrAfter(shard.shardId(), at);
                if (!anyAfter) {
                    return new String[] {"SHARD_END", "closed before " + at + " was read again"};
                }
                return new String[] {last.sequenceNumber() + "/" + AFTER_EVERY_USER_RECORD,
                        "after the last record before " + at + " (arrived " + last.approximateArrivalTimestamp()
                                + ")"};
            }
        }
    }

    private boolean hasRecordAtOrAfter(String shardId, Instant at) {
        return firstRecord(shardId, iterator(shardId, ShardIteratorType.AT_TIMESTAMP, at)) != null;
    }

    /** The last record before {@code at} reading from {@code iterator}, or null when the first is at/after it. */
    private Record lastBefore(String iterator, Instant at) {
        Record last = null;
        int emptyAtTip = 0;
        while (iterator != null && emptyAtTip < DeadLetters.TIP_CONFIRMATIONS) {
            String it = iterator;
            GetRecordsResponse page = kinesis.getRecords(b -> b.shardIterator(it).limit(1000)).join();
            for (Record r : page.records()) {
                if (!r.approximateArrivalTimestamp().isBefore(at)) {
                    return last;
                }
                last = r;
            }
            iterator = page.nextShardIterator();
            boolean atTip = page.millisBehindLatest() == null || page.millisBehindLatest() == 0;
            emptyAtTip = page.records().isEmpty() && atTip ? emptyAtTip + 1 : 0;
        }
        return last;
    }

    private Record firstRecord(String shardId, String iterator) {
        int emptyAtTip = 0;
        while (iterator != null && emptyAtTip < DeadLetters.TIP_CONFIRMATIONS) {
            String it = iterator;
            GetRecordsResponse page = kinesis.getRecords(b -> b.shardIterator(it).limit(1)).join();
            if (!page.records().isEmpty()) {
                return page.records().get(0);
            }
            iterator = page.nextShardIterator();
            boolean atTip = page.millisBehindLatest() == null || page.millisBehindLatest() == 0;
            emptyAtTip = atTip ? emptyAtTip + 1 : 0;
        }
        return null;
    }

    private String iterator(String shardId, ShardIteratorType type, Instant at) {
        GetShardIteratorRequest.Builder b = GetShardIteratorRequest.builder().shardId(shardId).shardIteratorType(type);
        if (at != null) {
            b.timestamp(at);
        }
        if (stream.startsWith("arn:")) {
            b.streamARN(stream);
        } else {
            b.streamName(stream);
        }
        return kinesis.getShardIterator(b.build()).join().shardIterator();
    }

    private Map<String, Shard> listShards() {
        Map<String, Shard> shards = new TreeMap<>();
        String token = null;
        do {
            String next = token;
            ListShardsResponse page = kinesis.listShards(b -> {
                if (next != null) {
                    b.nextToken(next);
                } else if (stream.startsWith("arn:")) {
                    b.streamARN(stream);
                } else {
                    b.streamName(stream);
                }
            }).join();
            page.shards().forEach(s -> shards.put(s.shardId(), s));
            token = page.nextToken();
        } while (token != null);
        return shards;
    }

    private static Set<String> descendantsOf(String root, Map<String, Shard> shards, Map<String, Lease> leases) {
        Map<String, Set<String>> children = new HashMap<>();
        shards.values().forEach(s -> FleetReader.parentsOf(s).forEach(p ->
                children.computeIfAbsent(p, k -> new LinkedHashSet<>()).add(s.shardId())));
        leases.values().forEach(l -> l.childLeaseKeys().forEach(c ->
                children.computeIfAbsent(l.leaseKey(), k -> new LinkedHashSet<>()).add(c)));
        Set<String> out = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>(children.getOrDefault(root, Set.of()));
        while (!todo.isEmpty()) {
            String next = todo.poll();
            if (out.add(next)) {
                todo.addAll(children.getOrDefault(next, Set.of()));
            }
        }
        return out;
    }

    /** The checkpoint of a plan's {@code to}. */
    static Checkpoint checkpointOf(String to) {
        int slash = to.indexOf('/');
        return slash < 0 ? Checkpoint.of(to) : new Checkpoint(to.substring(0, slash),
                Long.parseLong(to.substring(slash + 1)));
    }
}
