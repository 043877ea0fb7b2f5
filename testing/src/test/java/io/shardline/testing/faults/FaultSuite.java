package io.shardline.testing.faults;

import static io.shardline.testing.faults.FaultIt.SHARDS;
import static io.shardline.testing.faults.FaultIt.config;
import static io.shardline.testing.faults.FaultIt.records;
import static io.shardline.testing.faults.FaultIt.waiting;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shardline.kcl.ConsumerConfig;
import io.shardline.kcl.Scheduler;
import io.shardline.testing.LocalAws;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;

/** What every fault suite holds: the faulty clients, a tally of processed records, meters, captured log lines. */
abstract class FaultSuite {

    protected final LocalAws aws;
    protected final FaultInjector faults = new FaultInjector();
    protected final LocalAws.FaultyClients clients;
    protected final Tally tally = new Tally();
    protected final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    protected final LogCapture logs = new LogCapture();
    private final List<Scheduler> schedulers = new ArrayList<>();

    FaultSuite(LocalAws aws) {
        this.aws = aws;
        this.clients = aws.withFaults(faults);
    }

    @AfterEach
    void tearDown() {
        faults.clear();
        schedulers.forEach(Scheduler::close);
        logs.close();
    }

    /** Creates {@code stream} with {@value FaultIt#SHARDS} shards and {@code records} records, starts a worker on it
     *  and waits until they are processed. */
    protected Scheduler startProcessing(String application, String stream, int records) {
        aws.streams().create(stream, SHARDS);
        aws.streams().putRecords(stream, records(0, records));
        Scheduler worker = start(application, stream, UnaryOperator.identity());
        waiting("the first records processed").until(() -> tally.distinct() == records);
        return worker;
    }

    protected Scheduler start(String application, String stream, UnaryOperator<ConsumerConfig.Builder> tweak) {
        Scheduler scheduler = Scheduler.create(tweak.apply(config(clients, application, stream, "w1",
                tally.processors(), registry)).build());
        schedulers.add(scheduler);
        scheduler.start();
        return scheduler;
    }
}
