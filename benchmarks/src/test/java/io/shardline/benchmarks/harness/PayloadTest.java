package io.shardline.benchmarks.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PayloadTest {

    @Test
    void parsesItsOwnTextAndNothingElse() {
        Payload payload = new Payload(1_700_000_000_123L, 42);

        assertThat(Payload.parse(payload.bytes())).contains(payload);
        assertThat(Payload.parse("hello")).isEmpty();
        assertThat(Payload.parse("p:12")).isEmpty();
        assertThat(Payload.parse("p:x:1")).isEmpty();
        assertThat(Payload.parse("x".repeat(100).getBytes(StandardCharsets.UTF_8))).isEmpty();
    }
}
