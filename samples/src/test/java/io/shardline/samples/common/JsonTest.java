package io.shardline.samples.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void readsScalarFieldsAsTextAndNothingElse() {
        JsonNode json = Json.object(" { \"key\" : \"user-1\", \"seq\":42,\"ts\":-1.5e3, \"ok\":true, \"n\":null,"
                + " \"o\":{\"a\":1} } ").orElseThrow();
        assertThat(Json.text(json, "key")).isEqualTo("user-1");
        assertThat(Json.text(json, "seq")).isEqualTo("42");
        assertThat(Double.parseDouble(Json.text(json, "ts"))).isEqualTo(-1500.0);
        assertThat(Json.text(json, "ok")).isEqualTo("true");
        assertThat(Json.text(json, "n")).isNull();
        assertThat(Json.text(json, "o")).isNull();
        assertThat(Json.text(json, "missing")).isNull();
    }

    @Test
    void rejectsTextThatIsNotAJsonObject() {
        assertThat(Json.object("[1]")).isEmpty();
        assertThat(Json.object("{\"a\":1")).isEmpty();
        assertThat(Json.object("hello")).isEmpty();
        assertThat(Json.object("")).isEmpty();
    }

    @Test
    void samplePayloadRoundTripsAndRejectsOtherPayloads() {
        SamplePayload payload = new SamplePayload("user-7", 41, 1_712_345_678_901L, 57);
        assertThat(payload.toJson()).isEqualTo("{\"key\":\"user-7\",\"seq\":41,\"ts\":1712345678901,\"value\":57}");
        assertThat(SamplePayload.parse(ByteBuffer.wrap(payload.toBytes()))).contains(payload);
        assertThat(SamplePayload.parse("{\"key\":\"user-7\",\"seq\":\"x\"}")).isEmpty();
        assertThat(SamplePayload.parse("{\"key\":\"user-7\",\"seq\":1,\"ts\":2}")).as("no value").isEmpty();
        assertThat(SamplePayload.parse("{\"key\":\"a \\\"quoted\\\" key\",\"seq\":1,\"ts\":2,\"value\":3}"))
                .contains(new SamplePayload("a \"quoted\" key", 1, 2, 3));
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
