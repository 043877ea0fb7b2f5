package io.shardline.testing.sim;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.shardline.kcl.InitializationInput;
import io.shardline.kcl.KinesisClientRecord;
import io.shardline.kcl.LeaseLostInput;
import io.shardline.kcl.ProcessRecordsInput;
import io.shardline.kcl.ShardEndedInput;
import io.shardline.kcl.ShardRecordProcessor;
import io.shardline.kcl.ShutdownRequestedInput;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The docs/testing.md guide, as run: an application's processor (a per-key counter that must count each record once
 * although records may be delivered again after a crash) inside the simulated workers, across splits, merges, lease
 * moves (graceful shutdowns and joins) and crashes.
 */
class ProcessorUnderSimulationTest {

    /** The application: counts records per key, deduplicated by sequence number (its "database" is the map). */
    static final class CountingProcessor implements ShardRecordProcessor {
        private final Map<String, String> seen;

        CountingProcessor(Map<String, String> seen) {
            this.seen = seen;
        }

        @Override
        public void initialize(InitializationInput input) {
        }

        @Override
        public void processRecords(ProcessRecordsInput input) {
            for (KinesisClientRecord r : input.records()) {
                seen.put(r.sequenceNumber(), new String(r.dataAsBytes(), StandardCharsets.UTF_8));
            }
        }

        @Override
        public void leaseLost(LeaseLostInput input) {
        }

        @Override
        public void shardEnded(ShardEndedInput input) {
        }

        @Override
        public void shutdownRequested(ShutdownRequestedInput input) {
        }
    }

    @Test
    void myProcessorSeesEveryRecordAcrossSplitsLeaseMovesAndCrashes() {
        Logger shardline = (Logger) LoggerFactory.getLogger("io.shardline");
        Level level = shardline.getLevel();
        shardline.setLevel(Level.OFF);
        try {
            for (long seed = 1; seed <= 10; seed++) {
                Map<String, String> seen = new ConcurrentHashMap<>();
                SimulationConfig config = SimulationConfig.defaults()
                        .withFaultKinds(EnumSet.of(FaultKind.SPLIT, FaultKind.MERGE, FaultKind.GRACEFUL_SHUTDOWN,
                                FaultKind.JOIN, FaultKind.CRASH_RESTART))
                        .withApplication(context -> new CountingProcessor(seen));
                SimulationResult result = Simulation.run(seed, config); // throws if an invariant breaks

                assertThat(seen).as("seed %d: every record counted once", seed).hasSize((int) result.produced());
            }
        } finally {
            shardline.setLevel(level);
        }
    }
}
