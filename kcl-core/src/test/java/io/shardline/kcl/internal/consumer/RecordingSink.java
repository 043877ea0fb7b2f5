package io.shardline.kcl.internal.consumer;

import io.shardline.kcl.deadletter.DeadLetterEntry;
import io.shardline.kcl.deadletter.DeadLetterSink;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/** A dead-letter sink in memory; each queued failure is thrown by one {@code send}, in order. Thread-safe. */
final class RecordingSink implements DeadLetterSink {

    final List<DeadLetterEntry> entries = new CopyOnWriteArrayList<>();
    final Queue<RuntimeException> failures = new ConcurrentLinkedQueue<>();

    @Override
    public void send(DeadLetterEntry entry) {
        RuntimeException failure = failures.poll();
        if (failure != null) {
            throw failure;
        }
        entries.add(entry);
    }

    List<String> sequenceNumbers() {
        return entries.stream().map(DeadLetterEntry::sequenceNumber).toList();
    }

    @Override
    public String toString() {
        return "in-memory sink";
    }
}
