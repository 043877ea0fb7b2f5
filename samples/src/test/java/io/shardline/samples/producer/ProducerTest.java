package io.shardline.samples.producer;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardline.samples.common.SamplePayload;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;

class ProducerTest {

    /** Accepts every entry except, once, every third entry of the first call (as if throttled). */
    private static final class FakeKinesis implements KinesisAsyncClient {
        final List<PutRecordsRequestEntry> accepted = new ArrayList<>();
        int calls;

        @Override
        public CompletableFuture<PutRecordsResponse> putRecords(PutRecordsRequest request) {
            calls++;
            List<PutRecordsResultEntry> results = new ArrayList<>();
            for (int i = 0; i < request.records().size(); i++) {
                if (calls == 1 && i % 3 == 2) {
                    results.add(PutRecordsResultEntry.builder().errorCode("ProvisionedThroughputExceededException")
                            .build());
                } else {
                    accepted.add(request.records().get(i));
                    results.add(PutRecordsResultEntry.builder().sequenceNumber(Integer.toString(accepted.size()))
                            .shardId("shardId-000000000000").build());
                }
            }
            return CompletableFuture.completedFuture(PutRecordsResponse.builder().records(results)
                    .failedRecordCount((int) results.stream().filter(r -> r.errorCode() != null).count()).build());
        }

        @Override
        public String serviceName() {
            return "kinesis";
        }

        @Override
        public void close() {
        }
    }

    private final FakeKinesis kinesis = new FakeKinesis();
    private final List<SamplePayload> acked = new ArrayList<>();

    private Producer producer(int aggregate) {
        return new Producer(kinesis, "s", new RecordGenerator(new ZipfKeys(20, 1.0), new Random(1)), 2_000, aggregate,
                acked::addAll);
    }

    @Test
    void putsAgainWhatWasNotAcceptedAndReportsEveryRecordOnceInAcknowledgementOrder() {
        long generated = producer(1).run(Duration.ZERO, () -> acked.size() >= 300);
        assertThat(kinesis.calls).isGreaterThan(1);
        assertThat(acked).hasSize((int) generated);
        Set<String> ids = new HashSet<>();
        acked.forEach(p -> assertThat(ids.add(p.key() + "#" + p.seq())).isTrue());
        List<String> inStream = kinesis.accepted.stream()
                .map(e -> SamplePayload.parse(e.data().asString(StandardCharsets.UTF_8)).orElseThrow())
                .map(p -> p.key() + "#" + p.seq()).toList();
        assertThat(acked.stream().map(p -> p.key() + "#" + p.seq()).toList())
                .as("the acknowledgement order is the stream's order").isEqualTo(inStream);
    }

    @Test
    void aggregatesRecordsOfOneKeyIntoKplRecords() {
        producer(10).run(Duration.ZERO, () -> acked.size() >= 200);
        assertThat(kinesis.accepted).isNotEmpty().allSatisfy(entry -> {
            byte[] bytes = entry.data().asByteArray();
            assertThat(IntStream.range(0, 4).map(i -> bytes[i] & 0xFF).toArray())
                    .containsExactly(0xF3, 0x89, 0x9A, 0xC2);
            assertThat(entry.explicitHashKey()).isNotNull();
        });
        assertThat(kinesis.accepted.size()).as("fewer Kinesis records than user records").isLessThan(acked.size());
    }

    @Test
    void stopsAfterTheDuration() {
        long started = System.nanoTime();
        long generated = producer(1).run(Duration.ofMillis(300), () -> false);
        assertThat((System.nanoTime() - started) / 1_000_000).isBetween(250L, 5_000L);
        assertThat(generated).isBetween(100L, 700L);
    }
}
