package io.shardline.benchmarks.harness;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardline.benchmarks.harness.WorkerLine.Change;
import io.shardline.benchmarks.harness.WorkerLine.Delivery;
import io.shardline.benchmarks.harness.WorkerLine.LeaseChange;
import io.shardline.benchmarks.harness.WorkerLine.Ready;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LineProtocolTest {

    @Test
    void everyLineParsesBackToItself() {
        WorkerLine[] lines = {
            new Ready(1L, "w1"),
            new Delivery(2L, "w1", "shardId-000000000001", "4959", "k7", new Payload(1_700_000_000_000L, 3)),
            new Delivery(3L, "w2", "shardId-000000000000", "4960", "k8", null),
            new LeaseChange(4L, "w2", Change.RELEASED, "shardId-000000000000")
        };
        for (WorkerLine line : lines) {
            assertThat(LineProtocol.parse(LineProtocol.format(line))).contains(line);
        }
    }

    @Test
    void formatsTheDocumentedLines() {
        assertThat(LineProtocol.format(new Delivery(5L, "w1", "s-1", "42", "k1", new Payload(4L, 9))))
                .isEqualTo("EVENT 5 w1 s-1 42 k1 p:4:9");
        assertThat(LineProtocol.format(new LeaseChange(6L, "w1", Change.ACQUIRED, "s-1")))
                .isEqualTo("LEASE 6 w1 acquired s-1");
        assertThat(LineProtocol.format(new Ready(7L, "w1"))).isEqualTo("READY 7 w1");
    }

    @Test
    void ignoresLinesThatAreNotProtocolLines() {
        assertThat(LineProtocol.parse("12:00:01.000 INFO something happened")).isEmpty();
        assertThat(LineProtocol.parse("")).isEmpty();
        assertThat(LineProtocol.parse("EVENT notanumber w1 s 1 k -")).isEmpty();
        assertThat(LineProtocol.parse("LEASE 1 w1 stolen s-1")).isEmpty();
        assertThat(LineProtocol.parse("READY 1")).isEmpty();
    }

    @Test
    void workerOutputReplacesWhitespaceInKeysAndReadsPayloadWithoutConsumingIt() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        WorkerOutput out = new WorkerOutput("w 1", new PrintStream(bytes, true, StandardCharsets.UTF_8));
        ByteBuffer data = ByteBuffer.wrap(new Payload(10L, 2).bytes());

        out.delivered("s-1", "42", "a key", data);

        assertThat(data.remaining()).isEqualTo(new Payload(10L, 2).bytes().length);
        Delivery parsed = (Delivery) LineProtocol.parse(bytes.toString(StandardCharsets.UTF_8).strip()).orElseThrow();
        assertThat(parsed.workerId()).isEqualTo("w_1");
        assertThat(parsed.partitionKey()).isEqualTo("a_key");
        assertThat(parsed.payload()).isEqualTo(new Payload(10L, 2));
    }
}
