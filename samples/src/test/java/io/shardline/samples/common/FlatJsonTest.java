package io.shardline.samples.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class FlatJsonTest {

    @Test
    void readsStringsNumbersAndLiteralsInOrder() {
        assertThat(FlatJson.parse(" { \"key\" : \"user-1\", \"seq\":42,\"ts\":-1.5e3, \"ok\":true, \"n\":null } "))
                .containsExactly(
                        entry("key", "user-1"), entry("seq", "42"),
                        entry("ts", "-1.5e3"), entry("ok", "true"),
                        entry("n", "null"));
    }

    @Test
    void unescapesWhatQuoteEscapes() {
        String nasty = "a \"quoted\" \\ back\nslash\t\u0001";
        assertThat(FlatJson.parse("{\"k\":" + FlatJson.quote(nasty) + "}")).containsEntry("k", nasty);
        assertThat(FlatJson.parse("{\"k\":\"\\u00e9\"}")).containsEntry("k", "\u00e9");
        assertThat(FlatJson.parse("{}")).isEmpty();
    }

    @Test
    void rejectsNestedValuesAndBrokenText() {
        assertThatThrownBy(() -> FlatJson.parse("{\"a\":{\"b\":1}}")).hasMessageContaining("nested");
        assertThatThrownBy(() -> FlatJson.parse("{\"a\":[1]}")).hasMessageContaining("nested");
        assertThatThrownBy(() -> FlatJson.parse("{\"a\":1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FlatJson.parse("{\"a\":1} x")).hasMessageContaining("after the object");
        assertThatThrownBy(() -> FlatJson.parse("{\"a\"1}")).hasMessageContaining("expected ':'");
    }

    @Test
    void samplePayloadRoundTripsAndRejectsOtherPayloads() {
        SamplePayload payload = new SamplePayload("user-7", 41, 1_712_345_678_901L, 57);
        assertThat(payload.toJson()).isEqualTo("{\"key\":\"user-7\",\"seq\":41,\"ts\":1712345678901,\"value\":57}");
        assertThat(SamplePayload.parse(ByteBuffer.wrap(payload.toBytes()))).contains(payload);
        assertThat(SamplePayload.parse("{\"key\":\"user-7\",\"seq\":\"x\"}")).isEmpty();
        assertThat(SamplePayload.parse(ByteBuffer.wrap("hello".getBytes(StandardCharsets.UTF_8)))).isEmpty();
    }

    @Test
    void durationsReadTheShortFormsAndIso() {
        assertThat(DurationConverter.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(DurationConverter.parse("1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(DurationConverter.parse("3m")).isEqualTo(Duration.ofMinutes(3));
        assertThat(DurationConverter.parse("2h")).isEqualTo(Duration.ofHours(2));
        assertThat(DurationConverter.parse("PT2S")).isEqualTo(Duration.ofSeconds(2));
        assertThat(DurationConverter.parse("0")).isZero();
        assertThatThrownBy(() -> DurationConverter.parse("soon")).hasMessageContaining("'soon' is not a duration");
        assertThat(DurationConverter.format(Duration.ofSeconds(45))).isEqualTo("45s");
        assertThat(DurationConverter.format(Duration.ofMillis(1500))).isEqualTo("1.5s");
        assertThat(DurationConverter.format(Duration.ofMinutes(2))).isEqualTo("2m");
    }
}
