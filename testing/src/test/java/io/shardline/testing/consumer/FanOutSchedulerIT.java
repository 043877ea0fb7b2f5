package io.shardline.testing.consumer;

import static io.shardline.testing.consumer.ConsumerIt.SHARDS;
import static io.shardline.testing.consumer.ConsumerIt.records;
import static io.shardline.testing.consumer.ConsumerIt.waiting;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shardline.kcl.Scheduler;
import io.shardline.kcl.retrieval.RetrievalConfig;
import io.shardline.testing.LocalAws;
import io.shardline.testing.TestNames;
import io.shardline.testing.WithLocalAws;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The scheduler over enhanced fan-out (SubscribeToShard over HTTP/2) instead of polling. */
@WithLocalAws
class FanOutSchedulerIT {

    private final LocalAws aws;
    private final Ledger ledger = new Ledger();
    private final List<Scheduler> schedulers = new ArrayList<>();

    FanOutSchedulerIT(LocalAws aws) {
        this.aws = aws;
    }

    @AfterEach
    void closeSchedulers() {
        schedulers.forEach(Scheduler::close);
    }

    @Test
    void twoSchedulersOnFanOutProcessEveryRecordOnceInOrderPerKey(TestNames names) {
        String stream = names.stream();
        String app = names.application();
        aws.streams().create(stream, SHARDS);
        List<String> written = new ArrayList<>(aws.streams().putRecords(stream, records(0, 300)));
        RetrievalConfig fanOut = RetrievalConfig.fanOut().consumerName(names.unique("efo"))
                .retryBackoffBase(Duration.ofMillis(100)).build();

        start(app, stream, "a", fanOut);
        start(app, stream, "b", fanOut);
        written.addAll(aws.streams().putRecords(stream, records(300, 500)));

        waiting("500 records over fan-out").until(() -> ledger.distinctProcessed() == 500);
        assertThat(ledger.duplicates()).isEmpty();
        assertThat(ledger.entries).extracting(e -> e.position().sequenceNumber())
                .containsExactlyInAnyOrderElementsOf(written);
        ledger.positionsByKey().forEach((key, positions) -> assertThat(positions).as(key).isSorted()
                .doesNotHaveDuplicates());
    }

    private void start(String app, String stream, String worker, RetrievalConfig retrieval) {
        Scheduler scheduler = Scheduler.create(ConsumerIt.config(aws, app, stream, worker, ledger.processors(worker),
                new SimpleMeterRegistry()).retrievalConfig(retrieval).build());
        schedulers.add(scheduler);
        scheduler.start();
    }
}
