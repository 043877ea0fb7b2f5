package io.shardline.kcl.internal.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardline.kcl.WorkerEvent;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class WorkerEventsTest {

    private final List<WorkerEvent> seen = new CopyOnWriteArrayList<>();
    private final WorkerEvents events = new WorkerEvents(seen::add);

    @Test
    void leaseEventsRaisedWhileStartRunsAreDeliveredRightAfterStarted() {
        events.publish(new WorkerEvent.LeaseAcquired("w1", "shard-0"));
        events.publish(new WorkerEvent.LeaseAcquired("w1", "shard-1"));
        assertThat(seen).as("held until Started").isEmpty();

        events.publish(new WorkerEvent.Started("w1"));
        events.publish(new WorkerEvent.LeaseAcquired("w1", "shard-2"));

        assertThat(seen).containsExactly(new WorkerEvent.Started("w1"), new WorkerEvent.LeaseAcquired("w1", "shard-0"),
                new WorkerEvent.LeaseAcquired("w1", "shard-1"), new WorkerEvent.LeaseAcquired("w1", "shard-2"));
    }

    @Test
    void aFailedStartDeliversWhatWasHeldBeforeStopped() {
        WorkerEvent.Stopped stopped = new WorkerEvent.Stopped("w1", Optional.of(new IllegalStateException("no table")));
        events.publish(new WorkerEvent.LeaseAcquired("w1", "shard-0"));

        events.publish(stopped);

        assertThat(seen).containsExactly(new WorkerEvent.LeaseAcquired("w1", "shard-0"), stopped);
    }

    @Test
    void aListenerThatThrowsDoesNotStopLaterEvents() {
        List<WorkerEvent> after = new CopyOnWriteArrayList<>();
        WorkerEvents throwing = new WorkerEvents(e -> {
            after.add(e);
            throw new IllegalStateException("listener bug");
        });

        throwing.publish(new WorkerEvent.LeaseAcquired("w1", "shard-0"));
        throwing.publish(new WorkerEvent.Started("w1"));

        assertThat(after).containsExactly(new WorkerEvent.Started("w1"), new WorkerEvent.LeaseAcquired("w1", "shard-0"));
    }
}
