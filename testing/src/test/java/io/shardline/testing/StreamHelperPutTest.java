package io.shardline.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;

/** {@link StreamHelper#put} keeps each key's order when entries fail and are put again. */
class StreamHelperPutTest {

    @Test
    void aFailedEntryIsPutAgainBeforeALaterRecordOfTheSameKey() {
        ThrottlingKinesis kinesis = new ThrottlingKinesis();
        kinesis.failNext.add("a#1"); // the first record of key a is throttled once

        List<PutResult> results = new StreamHelper(kinesis).put("s",
                List.of(TestRecord.of("a", "a#1"), TestRecord.of("b", "b#1"), TestRecord.of("a", "a#2"),
                        TestRecord.of("a", "a#3")));

        assertThat(kinesis.written).containsSubsequence("a#1", "a#2", "a#3");
        assertThat(kinesis.written).containsExactlyInAnyOrder("a#1", "b#1", "a#2", "a#3");
        assertThat(results).extracting(PutResult::shardId).containsOnly("shardId-000000000000");
        assertThat(results).extracting(PutResult::sequenceNumber).doesNotContainNull().doesNotHaveDuplicates();
        assertThat(kinesis.calls).as("no PutRecords call held a key twice")
                .allSatisfy(call -> assertThat(call).doesNotHaveDuplicates());
    }

    @Test
    void returnsTheSequenceNumberOfEachRecordInTheOrderGiven() {
        ThrottlingKinesis kinesis = new ThrottlingKinesis();
        kinesis.failNext.add("b#1");

        List<String> sequenceNumbers = new StreamHelper(kinesis).putRecords("s",
                List.of(TestRecord.of("a", "a#1"), TestRecord.of("b", "b#1"), TestRecord.of("c", "c#1")));

        assertThat(sequenceNumbers).containsExactly(kinesis.sequenceOf.get("a#1"), kinesis.sequenceOf.get("b#1"),
                kinesis.sequenceOf.get("c#1"));
    }

    /** Writes entries in order, failing each entry named in {@link #failNext} once. */
    private static final class ThrottlingKinesis implements KinesisClient {
        final List<String> failNext = new ArrayList<>();
        final List<String> written = new ArrayList<>();
        final List<List<String>> calls = new ArrayList<>();
        final java.util.Map<String, String> sequenceOf = new java.util.HashMap<>();
        private final AtomicLong sequence = new AtomicLong(1000);

        @Override
        public PutRecordsResponse putRecords(PutRecordsRequest request) {
            List<PutRecordsResultEntry> results = new ArrayList<>();
            calls.add(request.records().stream().map(PutRecordsRequestEntry::partitionKey).toList());
            for (PutRecordsRequestEntry entry : request.records()) {
                String data = entry.data().asUtf8String();
                if (failNext.remove(data)) {
                    results.add(PutRecordsResultEntry.builder().errorCode("ProvisionedThroughputExceededException")
                            .errorMessage("slow down").build());
                } else {
                    written.add(data);
                    String number = Long.toString(sequence.incrementAndGet());
                    sequenceOf.put(data, number);
                    results.add(PutRecordsResultEntry.builder().shardId("shardId-000000000000")
                            .sequenceNumber(number).build());
                }
            }
            return PutRecordsResponse.builder().records(results).failedRecordCount(0).build();
        }

        @Override
        public String serviceName() {
            return "kinesis";
        }

        @Override
        public void close() {
        }
    }
}
